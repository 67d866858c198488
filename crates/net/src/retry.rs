//! Retry timing: exponential backoff with full jitter, and `Retry-After` honoured (seconds
//! or an HTTP date), capped so one server cannot stall a run forever.

use reqwest::header::{HeaderMap, RETRY_AFTER};
use std::time::{Duration, SystemTime};

/// How often and how long to retry a transient failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = no retries).
    pub max_attempts: u32,
    /// The first backoff step; step n waits up to `base * 2^n`.
    pub base: Duration,
    /// No single wait is longer (a `Retry-After` beyond it is cut to it).
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// 6 attempts, 250 ms base, 60 s cap.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            base: Duration::from_millis(250),
            max_delay: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries.
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The wait before retry number `attempt + 1`: the server's `Retry-After` when given
    /// (plus up to 10% jitter so clients do not return in lockstep), else a random wait in
    /// `[0, base * 2^attempt]` ("full jitter").
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let wait = match retry_after {
            Some(after) => {
                // Cut first: a server may say any number of seconds.
                let after = after.min(self.max_delay);
                let jitter = after.mul_f64(rand::random::<f64>() * 0.1);
                after.saturating_add(jitter)
            }
            None => {
                let ceiling = self
                    .base
                    .saturating_mul(2u32.saturating_pow(attempt.min(20)))
                    .min(self.max_delay);
                ceiling.mul_f64(rand::random::<f64>())
            }
        };
        wait.min(self.max_delay)
    }
}

/// The `Retry-After` of a response: delta-seconds (whole, or with a fraction as some servers
/// send them: `2.0`) or an HTTP date (a date in the past is 0). Any number of seconds is read
/// (the wait is cut to the policy's maximum in [`RetryPolicy::delay`]).
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if value.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        if let Ok(secs) = value.parse::<f64>() {
            return Some(Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX));
        }
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn backoff_grows_and_stays_under_the_cap() {
        let p = RetryPolicy::default();
        for attempt in 0..30 {
            let ceiling = (p.base * 2u32.pow(attempt.min(20))).min(p.max_delay);
            for _ in 0..20 {
                assert!(p.delay(attempt, None) <= ceiling);
            }
        }
        let later: Duration = (0..200).map(|_| p.delay(5, None)).sum();
        let early: Duration = (0..200).map(|_| p.delay(0, None)).sum();
        assert!(later > early * 4, "later waits are longer on average");
    }

    #[test]
    fn retry_after_is_read_as_seconds_or_a_date_and_honoured() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        let d = RetryPolicy::default().delay(0, retry_after(&h));
        assert!(
            d >= Duration::from_secs(7) && d <= Duration::from_millis(7700),
            "{d:?}"
        );
        let future = SystemTime::now() + Duration::from_secs(30);
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_str(&httpdate::fmt_http_date(future)).unwrap(),
        );
        let got = retry_after(&h).unwrap();
        assert!(
            got > Duration::from_secs(28) && got <= Duration::from_secs(30),
            "{got:?}"
        );
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
        h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h), None);
        h.insert(RETRY_AFTER, HeaderValue::from_static("100000"));
        assert_eq!(
            RetryPolicy::default().delay(0, retry_after(&h)),
            Duration::from_secs(60)
        );
    }

    #[test]
    fn any_retry_after_a_server_sends_waits_at_most_the_cap_and_never_panics() {
        let mut h = HeaderMap::new();
        for huge in ["18446744073709551615", "99999999999999999999999", "1e400"] {
            h.insert(RETRY_AFTER, HeaderValue::from_str(huge).unwrap());
            let d = RetryPolicy::default().delay(0, retry_after(&h));
            assert!(d <= Duration::from_secs(60), "{huge}: {d:?}");
        }
        let p = RetryPolicy::default();
        assert!(p.delay(3, Some(Duration::MAX)) <= p.max_delay);
    }

    #[test]
    fn fractional_retry_after_seconds_are_waited_in_full() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("2.0"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(2)));
        h.insert(RETRY_AFTER, HeaderValue::from_static("1.5"));
        assert_eq!(retry_after(&h), Some(Duration::from_millis(1500)));
        let d = RetryPolicy::default().delay(0, retry_after(&h));
        assert!(d >= Duration::from_millis(1500), "{d:?}");
    }
}
