"""Read-only figures for dashboards, stats and reports. They read the summary tables only."""

from jiesu.insight.selectors.dashboard import dashboard_data, headline
from jiesu.insight.selectors.scope import Period, Scope, insight_scope

__all__ = ["Period", "Scope", "dashboard_data", "headline", "insight_scope"]
