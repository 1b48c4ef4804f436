import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import { LanguageProvider } from "./features/language/language-context.tsx";
import "./app.css";

// The dashboard is a separate chunk: deck.gl and the chart load only when someone opens /dashboard.
const DashboardPage = lazy(() => import("./pages/dashboard/dashboard-page.tsx"));

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

const isDashboard = /^\/dashboard\/?$/.test(window.location.pathname);

createRoot(root).render(
  <StrictMode>
    <LanguageProvider>
      {isDashboard ? (
        <Suspense fallback={null}>
          <DashboardPage />
        </Suspense>
      ) : (
        <App />
      )}
    </LanguageProvider>
  </StrictMode>,
);
