"""City Diplomacy Explorer: page set-up and navigation. Pages live in ``pages/``."""

from __future__ import annotations

import streamlit as st

from graph.i18n import t
from ui.state import init_state

# Icons are emoji, not ":material/...:": Streamlit turns a Material page icon into a
# favicon fetched from fonts.gstatic.com (off the machine); an emoji becomes a data: URI.
# Each is one that Debian's fonts-noto-core draws (./run.sh installs it; there may be no
# colour-emoji font): tests/app/test_page_icons.py checks.
APP_ICON = "🌍"

lang = init_state()
st.set_page_config(page_title=t("app.title", lang), page_icon=APP_ICON, layout="wide")
pages = [
    st.Page("pages/overview.py", title=t("page.overview", lang), icon=APP_ICON, default=True),
    st.Page("pages/map.py", title=t("page.map", lang), icon="🗺️", url_path="map"),
    st.Page("pages/network.py", title=t("page.network", lang), icon="🕸️"),
    st.Page("pages/city.py", title=t("page.city", lang), icon="🏙️"),
    st.Page("pages/opportunities.py", title=t("page.opportunities", lang), icon="📈"),
    st.Page("pages/statistics.py", title=t("page.statistics", lang), icon="📊"),
    st.Page("pages/present.py", title=t("page.present", lang), icon="🎞️"),
    st.Page("pages/data.py", title=t("page.data", lang), icon="🗂️", url_path="data"),
]
st.navigation(pages).run()
