/**
 * The widget's styles, inside its shadow root: nothing here reaches the page, and `all: initial` on the host
 * keeps the page's inherited styles (fonts, colours, line height) out.
 */
export const CSS = `
:host { all: initial; }
:host { --prw-accent: #4338ca; position: fixed; bottom: 20px; right: 20px; z-index: 2147483000;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827; }
:host([data-position="left"]) { right: auto; left: 20px; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
button { font: inherit; cursor: pointer; }
button:focus-visible, textarea:focus-visible, .log:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.launcher { width: 56px; height: 56px; border-radius: 50%; border: 0; background: var(--prw-accent); color: #fff;
  display: grid; place-items: center; box-shadow: 0 4px 14px rgba(0,0,0,.25); margin-left: auto; }
:host([data-position="left"]) .launcher { margin-left: 0; }
.panel { position: absolute; bottom: 68px; right: 0; width: min(370px, calc(100vw - 40px));
  height: min(520px, calc(100vh - 110px)); display: flex; flex-direction: column; background: #fff;
  border-radius: 12px; box-shadow: 0 10px 40px rgba(0,0,0,.25); overflow: hidden; border: 1px solid #e5e7eb; }
:host([data-position="left"]) .panel { right: auto; left: 0; }
header { display: flex; align-items: center; justify-content: space-between; gap: 8px; padding: 10px 12px 10px 16px;
  background: var(--prw-accent); color: #fff; }
h2 { margin: 0; font-size: 16px; font-weight: 600; }
.close { border: 0; background: transparent; color: #fff; font-size: 24px; line-height: 1; width: 36px; height: 36px;
  border-radius: 6px; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; background: #f9fafb; }
.msg { max-width: 85%; padding: 8px 12px; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg.persona { align-self: flex-start; background: #fff; border: 1px solid #e5e7eb; color: #111827; }
.msg.me { align-self: flex-end; background: var(--prw-accent); color: #fff; }
.msg.blocked { background: #fef2f2; border-color: #fecaca; color: #7f1d1d; }
.status { margin: 0; padding: 0 12px; color: #b91c1c; font-size: 14px; }
.status:empty { display: none; }
.status:not(:empty) { padding: 8px 12px; background: #fef2f2; }
.composer { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e5e7eb; background: #fff; }
textarea { flex: 1; resize: none; font: inherit; color: #111827; padding: 8px; border: 1px solid #6b7280;
  border-radius: 8px; background: #fff; }
.send { border: 0; border-radius: 8px; padding: 0 14px; background: var(--prw-accent); color: #fff; font-weight: 600; }
.send[aria-disabled="true"] { opacity: .6; cursor: progress; }
`;
