/**
 * The part of the browser's DOM the report's page script uses, typed here because the project is
 * compiled without the DOM library (it is Node code). The script is given the real `window`.
 */

export interface PageElement {
  textContent: string | null;
  className: string;
  hidden: boolean;
  disabled: boolean;
  checked: boolean;
  open: boolean;
  readonly dataset: Record<string, string | undefined>;
  readonly classList: { toggle(name: string, on?: boolean): boolean; contains(name: string): boolean };
  appendChild<T extends PageElement>(child: T): T;
  replaceChildren(...children: PageElement[]): void;
  setAttribute(name: string, value: string): void;
  addEventListener(type: string, listener: (event: PageEvent) => void): void;
  focus(): void;
}

export interface PageEvent {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
  readonly target: { readonly tagName?: string } | null;
  preventDefault(): void;
}

export interface PageDocument {
  getElementById(id: string): PageElement | null;
  createElement(tag: string): PageElement;
  addEventListener(type: string, listener: (event: PageEvent) => void): void;
}

/** Mermaid's global, as the inlined bundle defines it. */
export interface PageMermaid {
  initialize(config: Record<string, unknown>): void;
  run(options: { nodes: PageElement[] }): Promise<void>;
}

export interface PageWindow {
  readonly document: PageDocument;
  readonly mermaid?: PageMermaid;
}
