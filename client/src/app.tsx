/** The first page is the public finder; the dashboard at /dashboard is routed in main.tsx. */
import { FinderPage } from "./pages/finder/finder-page.tsx";

export function App() {
  return <FinderPage />;
}
