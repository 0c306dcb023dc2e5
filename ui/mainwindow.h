#pragma once

#include <QByteArray>
#include <QMainWindow>

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
class OrdersPanel;
class Session;

//! \brief One dispatcher workspace: dockable, detachable panels over one shared Session.
//!
//! Several windows (e.g. one per monitor) share the session's connection and cache. Each window
//! has its own Workspace (the orders and drivers models and the clock its panels share). Each
//! window has a slot number; its geometry and dock layout are saved to QSettings under that slot
//! when it closes and restored when a window opens in the same slot.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(Session *session, int slot = 0, QWidget *parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] Session *session() const { return m_session; }
    [[nodiscard]] Workspace *workspace() { return &m_workspace; }
    [[nodiscard]] int slot() const { return m_slot; }
    [[nodiscard]] ConnectionBadge *badge() const { return m_badge; }
    [[nodiscard]] OrdersPanel *ordersPanel() const { return m_orders; }
    [[nodiscard]] OrderDetailPanel *detailPanel() const { return m_detail; }
    [[nodiscard]] DriversPanel *driversPanel() const { return m_drivers; }
    [[nodiscard]] MapPanel *mapPanel() const { return m_map; }
    [[nodiscard]] AlertsPanel *alertsPanel() const { return m_alerts; }
    [[nodiscard]] KpiPanel *kpiPanel() const { return m_kpis; }
    [[nodiscard]] ActivityPanel *activityPanel() const { return m_activity; }
    [[nodiscard]] QMenu *viewMenu() const { return m_viewMenu; }
    [[nodiscard]] QDockWidget *dock(const QString &objectName) const;
    [[nodiscard]] QList<QDockWidget *> docks() const;

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
    //! Restores this slot's saved layout; false (default layout kept) when there is none.
    bool restoreLayout();
    void resetLayout();
    void showShortcuts();
    void showAbout();

Q_SIGNALS:
    void newWindowRequested();
    void signInRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void addDashboardPanels();
    void onFreshnessChanged(bool live, const QDateTime &asOf);

    Session *m_session;
    int m_slot;
    Workspace m_workspace;
    ConnectionBadge *m_badge;
    OrdersPanel *m_orders;
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
    QByteArray m_defaultState;
    bool m_defaultCaptured = false;
};

} // namespace Ops
