// panicsig for browsers: see panicsig.js.
import type { InitInput, InitOutput } from "./panicsig_wasm.js";

export * from "./panicsig_wasm.js";

export type Language = "en" | "zh";

export interface InitOptions {
  /** Catalog text to load now (default `["en"]`); others with `loadLanguage`. */
  languages?: Language[];
  /** Where the wasm is, as for wasm-bindgen's init (default: beside this file). */
  module_or_path?: InitInput | Promise<InitInput>;
}

/** Instantiate the module and load the catalog text of `languages`. Call it
 *  once per page or Worker before anything else. */
export default function init(options?: InitOptions): Promise<InitOutput>;

/** Load the catalog text of one language; resolves at once if it is loaded.
 *  A call in a language whose text is not loaded throws. */
export function loadLanguage(lang: Language): Promise<void>;
