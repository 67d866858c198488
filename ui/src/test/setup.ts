// Test setup: jest-dom matchers, and a clean DOM after each test.
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
});

// jsdom lays nothing out: give the virtualised preview's scroller a viewport, as a window does.
for (const [property, size] of [
  ['clientHeight', 400],
  ['clientWidth', 1000],
] as const) {
  const original = Object.getOwnPropertyDescriptor(Element.prototype, property);
  Object.defineProperty(HTMLElement.prototype, property, {
    configurable: true,
    get(this: HTMLElement) {
      if (this.classList.contains('preview-table')) return size;
      return (original?.get?.call(this) as number | undefined) ?? 0;
    },
  });
}

// CodeMirror measures text through ranges, which jsdom does not lay out either.
Range.prototype.getClientRects = () => [] as unknown as DOMRectList;
Range.prototype.getBoundingClientRect = () => new DOMRect(0, 0, 0, 0);
