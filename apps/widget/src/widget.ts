import { sseParser } from "./sse.ts";
import { CSS } from "./styles.ts";

/**
 * The person.run embed widget (docs/widget.md):
 * `<script src="https://api.example.com/widget.js" data-persona-id="…" data-key="pk_live_…" async></script>`
 * shows a launcher and a chat panel in a shadow DOM, streams the persona's answers from
 * `POST /widget/v1/prompt`, and exposes `window.PersonRunWidget.open() / close() / configure({…})`.
 */

export interface WidgetOptions {
  personaId: string;
  key: string;
  color: string;
  position: "left" | "right";
  title: string;
  greeting: string;
}

interface PublicApi {
  open(): void;
  close(): void;
  configure(options: Partial<WidgetOptions>): void;
  readonly isOpen: boolean;
}

declare global {
  interface Window {
    PersonRunWidget?: PublicApi;
  }
}

const SCRIPT_NAME = /\/widget\.js(\?|#|$)/;

/** The script tag that loaded us (currentScript is set while an async classic script runs). */
function ownScript(): HTMLScriptElement | null {
  const current = document.currentScript as HTMLScriptElement | null;
  if (current?.src && SCRIPT_NAME.test(current.src)) return current;
  const tags = [...document.querySelectorAll<HTMLScriptElement>("script[src][data-persona-id]")];
  return tags.find((s) => SCRIPT_NAME.test(s.src)) ?? null;
}

/** The API base: the script's own URL without `/widget.js` (so a page on any origin talks to its server). */
const apiBase = (src: string) => new URL(src, document.baseURI).href.replace(SCRIPT_NAME, "");

const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
};

const CHAT_ICON =
  '<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="26" height="26"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';

const NOT_ALLOWED =
  "This chat is not available on this page: the server refused the connection (is this site's origin in the publishable key's allowedOrigins?).";

class Widget implements PublicApi {
  private readonly root: ShadowRoot;
  private readonly host: HTMLElement;
  private readonly launcher: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly log: HTMLElement;
  private readonly form: HTMLFormElement;
  private readonly input: HTMLTextAreaElement;
  private readonly send: HTMLButtonElement;
  private readonly status: HTMLElement;
  private sessionId: string | undefined;
  private loaded = false;
  private busy = false;
  private greeted = false;
  private personaName: string | undefined;

  constructor(
    private readonly base: string,
    private options: WidgetOptions,
    private readonly explicit: Partial<WidgetOptions>,
  ) {
    this.host = h("div", { "data-person-run-widget": "" });
    this.root = this.host.attachShadow({ mode: "open" });
    const style = h("style");
    style.textContent = CSS;

    this.launcher = h("button", {
      type: "button",
      class: "launcher",
      "aria-expanded": "false",
      "aria-controls": "prw-panel",
    });
    this.launcher.innerHTML = CHAT_ICON;
    this.heading = h("h2", { id: "prw-title" });
    const closeButton = h("button", { type: "button", class: "close", "aria-label": "Close chat" }, "×");
    this.log = h("div", {
      class: "log",
      role: "log",
      "aria-live": "polite",
      "aria-relevant": "additions text",
      tabindex: "0",
      "aria-label": "Conversation",
    });
    this.status = h("p", { class: "status", role: "alert" });
    this.input = h("textarea", { id: "prw-input", rows: "2", maxlength: "2000", placeholder: "Type a message…" });
    this.send = h("button", { type: "submit", class: "send" }, "Send");
    this.form = h(
      "form",
      { class: "composer" },
      h("label", { for: "prw-input", class: "visually-hidden" }, "Your message"),
      this.input,
      this.send,
    );
    this.panel = h(
      "section",
      { id: "prw-panel", class: "panel", role: "dialog", "aria-labelledby": "prw-title", hidden: "" },
      h("header", {}, this.heading, closeButton),
      this.log,
      this.status,
      this.form,
    );
    this.root.append(style, this.panel, this.launcher);

    this.launcher.addEventListener("click", () => (this.isOpen ? this.close() : this.open()));
    closeButton.addEventListener("click", () => this.close());
    this.root.addEventListener("keydown", (e) => {
      const ev = e as KeyboardEvent;
      if (ev.key === "Escape" && this.isOpen) {
        ev.preventDefault();
        this.close();
      }
    });
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        this.form.requestSubmit();
      }
    });
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.submit();
    });
    this.apply();
    document.body.append(this.host);
  }

  get isOpen() {
    return !this.panel.hidden;
  }

  open() {
    if (this.isOpen) return;
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    this.input.focus();
    if (!this.loaded) void this.loadConfig();
  }

  close() {
    if (!this.isOpen) return;
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.focus();
  }

  configure(options: Partial<WidgetOptions>) {
    Object.assign(this.explicit, options);
    this.options = { ...this.options, ...options };
    if (options.personaId || options.key) {
      this.loaded = false;
      this.sessionId = undefined;
    }
    this.apply();
  }

  private apply() {
    const o = this.options;
    this.host.style.setProperty("--prw-accent", o.color);
    this.host.dataset.position = o.position === "left" ? "left" : "right";
    this.heading.textContent = o.title;
    // A stable name (the state is aria-expanded): "Open chat: Chat with Maya".
    this.launcher.setAttribute("aria-label", `Open chat: ${o.title}`);
  }

  private headers(): Record<string, string> {
    return { "x-api-key": this.options.key };
  }

  private showError(message: string) {
    this.status.textContent = message;
  }

  private async errorOf(res: Response): Promise<string> {
    try {
      const body = (await res.json()) as { error?: string };
      if (res.status === 429)
        return `Too many messages right now: try again in ${res.headers.get("retry-after") ?? "a few"} s.`;
      return body.error ?? `The chat failed (${res.status}).`;
    } catch {
      return `The chat failed (${res.status}).`;
    }
  }

  private async loadConfig() {
    this.loaded = true;
    this.status.textContent = "";
    try {
      const url = `${this.base}/widget/v1/config?personaId=${encodeURIComponent(this.options.personaId)}`;
      const res = await fetch(url, { headers: this.headers() });
      if (!res.ok) {
        this.loaded = false;
        this.showError(await this.errorOf(res));
        return;
      }
      const config = (await res.json()) as {
        persona: { displayName: string };
        theme: Omit<WidgetOptions, "personaId" | "key">;
      };
      this.personaName = config.persona.displayName;
      // Server defaults, under what the page set.
      this.options = { ...this.options, ...config.theme, ...this.explicit };
      this.apply();
      if (!this.greeted) {
        this.greeted = true;
        this.bubble("persona", this.options.greeting);
      }
    } catch {
      this.loaded = false;
      this.showError(NOT_ALLOWED);
    }
  }

  private bubble(who: "persona" | "me" | "blocked", text: string): HTMLElement {
    const label = who === "me" ? "You" : (this.personaName ?? "Persona");
    const body = h("span", { class: "text" }, text);
    const el = h("div", { class: `msg ${who}` }, h("span", { class: "visually-hidden" }, `${label}: `), body);
    this.log.append(el);
    this.log.scrollTop = this.log.scrollHeight;
    return body;
  }

  private async submit() {
    const message = this.input.value.trim();
    if (!message || this.busy) return;
    this.busy = true;
    // Not `disabled`: a disabled button drops the focus to the page, where Escape no longer reaches us.
    this.send.setAttribute("aria-disabled", "true");
    this.status.textContent = "";
    this.input.value = "";
    this.bubble("me", message);
    const answer = this.bubble("persona", "");
    answer.parentElement?.setAttribute("aria-busy", "true");
    try {
      const res = await fetch(`${this.base}/widget/v1/prompt`, {
        method: "POST",
        headers: { ...this.headers(), "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify({ personaId: this.options.personaId, message, sessionId: this.sessionId }),
      });
      if (!res.ok || !res.body) {
        answer.parentElement?.remove();
        this.showError(await this.errorOf(res));
        return;
      }
      const parse = sseParser();
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const ev of parse(value)) {
          const data = JSON.parse(ev.data) as {
            delta?: string;
            response?: string;
            sessionId?: string;
            message?: string;
            error?: string;
          };
          if (ev.event === "token") answer.textContent += data.delta ?? "";
          else if (ev.event === "done") {
            answer.textContent = data.response ?? answer.textContent;
            this.sessionId = data.sessionId;
          } else if (ev.event === "blocked") {
            answer.textContent = data.message ?? "This message was blocked.";
            answer.parentElement?.classList.add("blocked");
          } else if (ev.event === "error") this.showError(data.error ?? "The answer failed.");
        }
        this.log.scrollTop = this.log.scrollHeight;
      }
    } catch {
      answer.parentElement?.remove();
      this.showError(NOT_ALLOWED);
    } finally {
      answer.parentElement?.removeAttribute("aria-busy");
      if (answer.textContent === "") answer.parentElement?.remove();
      this.busy = false;
      this.send.removeAttribute("aria-disabled");
    }
  }
}

function start() {
  if (window.PersonRunWidget) return;
  const script = ownScript();
  if (!script) return;
  const d = script.dataset;
  const explicit: Partial<WidgetOptions> = {};
  if (d.color) explicit.color = d.color;
  if (d.position === "left" || d.position === "right") explicit.position = d.position;
  if (d.title) explicit.title = d.title;
  if (d.greeting) explicit.greeting = d.greeting;
  const options: WidgetOptions = {
    personaId: d.personaId ?? "",
    key: d.key ?? "",
    color: "#4338ca",
    position: "right",
    title: "Chat",
    greeting: "Hi! Ask me anything.",
    ...explicit,
  };
  const base = apiBase(script.src);
  const mount = () => {
    const widget = new Widget(base, options, explicit);
    window.PersonRunWidget = widget;
    window.dispatchEvent(new CustomEvent("person-run-widget:ready"));
  };
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount, { once: true });
}

start();
