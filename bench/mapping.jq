# The benchmark mapping (bench/mapping.json) written in jq, as close as jq allows:
# ascii_downcase/ascii_upcase only (no Unicode case mapping), binary floats (no exact decimals).
def cap: (.[0:1] | ascii_upcase) + (.[1:] | ascii_downcase);
# Title case: each word capitalised, also after a hyphen and after a one-letter prefix with an apostrophe (O'Brien).
def title:
  split(" ") | map(
    split("-") | map(
      split("'") | if length > 1 and (.[0] | length) == 1 then map(cap) | join("'") else join("'") | cap end
    ) | join("-")
  ) | join(" ");
{"active": "Active", "inactive": "Inactive", "pending": "Pending", "suspended": "Suspended"} as $status
| {"true": true, "yes": true, "y": true, "1": true, "on": true,
   "false": false, "no": false, "n": false, "0": false, "off": false} as $bool
| .data | map({
    External_Id__c: .id,
    Name: (.name | title),
    Email__c: (.email | ascii_downcase),
    Signup_Date__c: (.signup_date | strptime("%d/%m/%Y") | strftime("%Y-%m-%d")),
    Amount__c: (.amount | tonumber),
    Amount_With_Tax__c: (.amount | tonumber * 1.2 * 100 | round / 100),
    Status__c: (.status as $s | $status[$s | ascii_downcase] // $s),
    Tags__c: (.tags | join(";")),
    Account__r: {attributes: {type: "Account"}, External_Id__c: .company.id},
    Active__c: $bool[.active | ascii_downcase]
  })
