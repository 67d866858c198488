// Where a JSON text stops being JSON, as line and column: the browser's own JSON.parse
// messages differ between engines and often give no position, so the editor finds it here.

export interface JsonSyntaxError {
  line: number;
  column: number;
  message: string;
}

class Stop extends Error {
  readonly at: number;
  constructor(at: number, message: string) {
    super(message);
    this.at = at;
  }
}

/** The first syntax error of `text` as JSON, or null when it is valid JSON. */
export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i += 1;
  };
  const expect = (what: string) => {
    if (text.startsWith(what, i)) {
      i += what.length;
    } else {
      throw new Stop(i, `expected ${what}`);
    }
  };
  const string = () => {
    expect('"');
    for (;;) {
      if (i >= text.length) throw new Stop(i, 'unterminated string');
      const c = text.charAt(i);
      if (c === '"') {
        i += 1;
        return;
      }
      if (c === '\\') {
        const e = text.charAt(i + 1);
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            throw new Stop(i, 'invalid \\u escape');
          }
          i += 6;
        } else if ('"\\/bfnrt'.includes(e) && e !== '') {
          i += 2;
        } else {
          throw new Stop(i, 'invalid escape');
        }
      } else if (c < ' ') {
        throw new Stop(i, 'control character in a string');
      } else {
        i += 1;
      }
    }
  };
  const value = (): void => {
    ws();
    const c = text.charAt(i);
    if (c === '{') {
      i += 1;
      ws();
      if (text.charAt(i) === '}') {
        i += 1;
        return;
      }
      for (;;) {
        ws();
        if (text.charAt(i) !== '"') throw new Stop(i, 'expected a key in double quotes');
        string();
        ws();
        expect(':');
        value();
        ws();
        if (text.charAt(i) === ',') {
          i += 1;
          continue;
        }
        expect('}');
        return;
      }
    }
    if (c === '[') {
      i += 1;
      ws();
      if (text.charAt(i) === ']') {
        i += 1;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text.charAt(i) === ',') {
          i += 1;
          continue;
        }
        expect(']');
        return;
      }
    }
    if (c === '"') {
      string();
      return;
    }
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (number !== null) {
      i += number[0].length;
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    throw new Stop(i, i >= text.length ? 'unexpected end of the text' : `unexpected '${c}'`);
  };
  try {
    value();
    ws();
    if (i < text.length) throw new Stop(i, `unexpected '${text.charAt(i)}' after the value`);
    return null;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    const before = text.slice(0, error.at).split('\n');
    return {
      line: before.length,
      column: (before[before.length - 1]?.length ?? 0) + 1,
      message: error.message,
    };
  }
}
