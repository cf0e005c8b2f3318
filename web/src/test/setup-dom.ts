import { TextDecoder, TextEncoder } from "node:util";

// What Mantine and the app use from a browser that jsdom does not provide.
export function installDomPolyfills(): void {
  Object.assign(globalThis, { TextEncoder, TextDecoder });
  if (!window.matchMedia) {
    window.matchMedia = (query: string) =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        addListener: () => undefined,
        removeListener: () => undefined,
        dispatchEvent: () => false,
      }) as MediaQueryList;
  }
  if (!("ResizeObserver" in window)) {
    Object.assign(window, {
      ResizeObserver: class {
        observe() {}
        unobserve() {}
        disconnect() {}
      },
    });
  }
  window.HTMLElement.prototype.scrollIntoView ??= () => undefined;
}
