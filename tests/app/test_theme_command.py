"""The palette's theme command says what it offers: as many themes as the app has, light and dark."""

from __future__ import annotations

from tests.helpers.app import app_on, settle, sync


@sync
async def test_the_theme_command_counts_the_themes_it_offers() -> None:
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        theme = next(c for c in app.get_system_commands(app.screen) if c.title == "ducu: theme")
        themes = app.available_themes
        assert f"one of {len(themes)}," in theme.help
        assert "light or dark" not in theme.help
        assert {t.dark for t in themes.values()} == {True, False}
