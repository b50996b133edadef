import { useEffect, useRef, useState } from "react";
import { NavLink, Outlet, useLocation } from "react-router";
import { useSession } from "./client.tsx";
import { loadTheme, saveTheme, type Theme } from "./lib/session.ts";
import { Button } from "./ui/components.tsx";

export const NAV: Array<{ group: string; items: Array<{ to: string; label: string }> }> = [
  { group: "", items: [{ to: "/", label: "Overview" }] },
  {
    group: "Personas",
    items: [
      { to: "/personas", label: "Personas" },
      { to: "/chat", label: "Chat" },
      { to: "/safety", label: "Safety policy" },
    ],
  },
  {
    group: "Research",
    items: [
      { to: "/skills", label: "Skills" },
      { to: "/cohorts", label: "Cohorts" },
      { to: "/populations", label: "Populations" },
      { to: "/studies", label: "Studies" },
      { to: "/schedules", label: "Schedules" },
      { to: "/tasks", label: "Tasks" },
      { to: "/calibrations", label: "Calibrations" },
    ],
  },
  {
    group: "Workspace",
    items: [
      { to: "/analytics", label: "Analytics" },
      { to: "/models", label: "Models & pricing" },
      { to: "/keys", label: "API keys" },
      { to: "/billing", label: "Billing" },
    ],
  },
];

function applyTheme(theme: Theme) {
  const root = document.documentElement;
  if (theme === "system") delete root.dataset.theme;
  else root.dataset.theme = theme;
}

function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(() => loadTheme(localStorage));
  useEffect(() => applyTheme(theme), [theme]);
  const next: Record<Theme, Theme> = { system: "light", light: "dark", dark: "system" };
  return (
    <Button
      variant="ghost"
      aria-label={`Theme: ${theme}. Switch to ${next[theme]}`}
      onClick={() => {
        const t = next[theme];
        saveTheme(localStorage, t);
        setTheme(t);
      }}
    >
      {theme === "dark" ? "☾ Dark" : theme === "light" ? "☀ Light" : "◐ System"}
    </Button>
  );
}

export function Layout() {
  const { signOut } = useSession();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const firstPage = useRef(true);
  // A new page moves focus to its heading (screen readers announce it) and closes the small-screen menu.
  // Not on the first page of a visit: there the skip link comes first.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation
  useEffect(() => {
    setMenuOpen(false);
    if (firstPage.current) {
      firstPage.current = false;
      return;
    }
    const h1 = document.querySelector<HTMLElement>("main h1");
    if (h1) {
      h1.tabIndex = -1;
      h1.focus({ preventScroll: true });
    }
  }, [location.pathname]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Button
          variant="ghost"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="sidebar"
          onClick={() => setMenuOpen((o) => !o)}
        >
          ☰ Menu
        </Button>
        <span className="brand">
          <span className="logo" aria-hidden="true">
            ◉
          </span>{" "}
          person.run
        </span>
        <span className="spacer" />
        <ThemeToggle />
        <Button variant="secondary" onClick={signOut}>
          Sign out
        </Button>
      </header>
      <nav id="sidebar" className={`sidebar${menuOpen ? " open" : ""}`} aria-label="Main">
        {NAV.map((g) => (
          <div key={g.group || "top"} className="nav-group">
            {g.group ? <div className="nav-group-title">{g.group}</div> : null}
            <ul>
              {g.items.map((i) => (
                <li key={i.to}>
                  <NavLink to={i.to} end={i.to === "/"}>
                    {i.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <main id="main" className="content">
        <Outlet />
      </main>
    </div>
  );
}
