#pragma once

#include <QMainWindow>
#include <QSize>

#include "models/workspace.h"

class QDockWidget;
class QMenu;

namespace Ops {

class ActivityPanel;
class AlertsPanel;
class ConnectionBadge;
class DriversPanel;
class KpiPanel;
class MapPanel;
class OrderDetailPanel;
class OrderDialogs;
class OrdersPanel;
class Session;

//! \brief One dispatcher workspace: dockable, detachable panels over one shared Session.
//!
//! Several windows (e.g. one per monitor) share the session's connection and cache. Each window
//! has its own Workspace (the orders and drivers models and the clock its panels share). Each
//! window has a slot number; its geometry and dock layout are saved to QSettings under that slot
//! when it closes and restored when a window opens in the same slot.
//!
//! The default layout fits the screen the window opens on: side by side on a large screen,
//! panels tabbed on a laptop's (1366×768, 1280×800), all in one tab group on a smaller one. A
//! restored layout is clamped to the screens that exist now (a monitor may be gone); one whose
//! panels cannot fit this screen gives way to the default layout.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    //! The arrangements of the default layout, roomiest first.
    enum class LayoutTier {
        Wide,
        Compact,
        Tabbed,
    };
    Q_ENUM(LayoutTier)

    explicit MainWindow(Session *session, int slot = 0, QWidget *parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] Session *session() const { return m_session; }
    [[nodiscard]] Workspace *workspace() { return &m_workspace; }
    [[nodiscard]] int slot() const { return m_slot; }
    [[nodiscard]] ConnectionBadge *badge() const { return m_badge; }
    [[nodiscard]] OrdersPanel *ordersPanel() const { return m_orders; }
    //! New order, Edit order, reasons, corrections, reassigning and importing for this window.
    [[nodiscard]] OrderDialogs *orderDialogs() const { return m_orderDialogs; }
    [[nodiscard]] OrderDetailPanel *detailPanel() const { return m_detail; }
    [[nodiscard]] DriversPanel *driversPanel() const { return m_drivers; }
    [[nodiscard]] MapPanel *mapPanel() const { return m_map; }
    [[nodiscard]] AlertsPanel *alertsPanel() const { return m_alerts; }
    [[nodiscard]] KpiPanel *kpiPanel() const { return m_kpis; }
    [[nodiscard]] ActivityPanel *activityPanel() const { return m_activity; }
    [[nodiscard]] QMenu *viewMenu() const { return m_viewMenu; }
    [[nodiscard]] QDockWidget *dock(const QString &objectName) const;
    [[nodiscard]] QList<QDockWidget *> docks() const;
    //! The arrangement the default layout chose for this screen.
    [[nodiscard]] LayoutTier layoutTier() const { return m_tier; }
    //! Whether the panels as arranged now fit the window's screen (with room for a frame).
    [[nodiscard]] bool fitsScreen() const;
    //! Room a window manager's frame and title bar take around the window.
    static constexpr QSize kFrameAllowance { 16, 48 };

    //! Adds \a panel as a dock named \a objectName (saved layouts refer to it), with a View menu
    //! entry. Call restoreLayout() after the last one.
    QDockWidget *addPanel(QWidget *panel, const QString &objectName, const QString &title,
        Qt::DockWidgetArea area, QDockWidget *tabifyWith = nullptr);

    //! QSettings group of this window's layout.
    [[nodiscard]] QString settingsGroup() const;

public Q_SLOTS:
    //! Shows order \a id in every panel (the one that picked it is not asked again).
    void selectOrder(const QString &id);
    void selectDriver(const QString &id);
    //! Tells the dispatcher how many missed updates a reconnect caught up (-1: full refresh).
    void showCaughtUp(qint64 replayed);
    void saveLayout() const;
    //! Arranges every panel for this screen, then restores this slot's saved layout; false
    //! (default layout kept) when there is none.
    bool restoreLayout();
    //! The default layout for the screen the window is on now.
    void resetLayout();
    //! Moves (and if need be shrinks) the window and its floating panels onto the screens that
    //! exist now.
    void clampToScreens();
    void showShortcuts();
    void showAbout();
    //! Shows the query inspector dock (View → Developer), creating it the first time.
    void showQueryInspector();

Q_SIGNALS:
    void newWindowRequested();
    void signInRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void addAlertRulesAction(QMenu *menu);
    void buildMenus();
    void addDashboardPanels();
    void onFreshnessChanged(bool live, const QDateTime &asOf);
    void applyDefaultLayout();
    void placeDocks(LayoutTier tier);
    [[nodiscard]] QRect availableGeometry() const;
    static void clampToScreen(QWidget *window);

    Session *m_session;
    int m_slot;
    Workspace m_workspace;
    ConnectionBadge *m_badge;
    OrdersPanel *m_orders;
    OrderDialogs *m_orderDialogs;
    OrderDetailPanel *m_detail = nullptr;
    DriversPanel *m_drivers = nullptr;
    MapPanel *m_map = nullptr;
    AlertsPanel *m_alerts = nullptr;
    KpiPanel *m_kpis = nullptr;
    ActivityPanel *m_activity = nullptr;
    QObject *m_selectionSource = nullptr; //!< the panel whose pick is being passed on
    QMenu *m_fileMenu = nullptr;
    QMenu *m_ordersMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_resetSeparator = nullptr;
    QDockWidget *m_inspectorDock = nullptr;
    LayoutTier m_tier = LayoutTier::Wide;
    bool m_laidOut = false; //!< restoreLayout() arranged every panel once
    bool m_defaultFits = true; //!< the default layout fits this screen (else nothing does)
};

} // namespace Ops
