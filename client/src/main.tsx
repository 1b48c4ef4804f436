import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import { LanguageProvider } from "./features/language/language-context.tsx";
import "./app.css";

// The dashboard and the workspace are chunks of their own: deck.gl, the chart and the drawing tools load only when
// someone opens /dashboard or /workspace.
const DashboardPage = lazy(() => import("./pages/dashboard/dashboard-page.tsx"));
const WorkspacePage = lazy(() => import("./pages/workspace/workspace-page.tsx"));
// The printable briefing (工作简报) is a chunk of its own too.
const BriefingPage = lazy(() => import("./pages/briefing/briefing-page.tsx"));

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

const LazyPage = /^\/dashboard\/?$/.test(window.location.pathname)
  ? DashboardPage
  : /^\/workspace\/?$/.test(window.location.pathname)
    ? WorkspacePage
    : /^\/briefing\/?$/.test(window.location.pathname)
      ? BriefingPage
      : null;

createRoot(root).render(
  <StrictMode>
    <LanguageProvider>
      {LazyPage ? (
        <Suspense fallback={null}>
          <LazyPage />
        </Suspense>
      ) : (
        <App />
      )}
    </LanguageProvider>
  </StrictMode>,
);
