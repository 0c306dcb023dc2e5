#include "mainwindow.h"

#include <algorithm>
#include <limits>

#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QGuiApplication>
#include <QHeaderView>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTableWidget>
#include <QVBoxLayout>

#include "activitypanel.h"
#include "alertrulesdialog.h"
#include "alertspanel.h"
#include "connectionbadge.h"
#include "driverspanel.h"
#include "kpipanel.h"
#include "mappanel.h"
#include "models/kpismodel.h"
#include "orderdetailpanel.h"
#include "orderdialogs.h"
#include "orderspanel.h"
#include "query/queryclient.h"
#include "queryinspector.h"
#include "sync/alertruleseditor.h"
#include "sync/orderactions.h"
#include "sync/session.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

//! A menu entry named \a objectName (tests and the shortcuts list find it so), with \a shortcut
//! when it has one.
QAction *addEntry(
    QMenu *menu, const QString &text, const QString &objectName, const QKeySequence &shortcut = {})
{
    QAction *action = menu->addAction(text);
    action->setObjectName(objectName);
    if (!shortcut.isEmpty())
        action->setShortcut(shortcut);
    return action;
}

} // namespace

MainWindow::MainWindow(Session *session, int slot, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_slot(slot)
    , m_workspace(session->queries())
    , m_badge(new ConnectionBadge(this))
    , m_orders(new OrdersPanel(&m_workspace, session->actions(), this))
    , m_orderDialogs(new OrderDialogs(
          session->actions(), session->api(), session->connection(), &m_workspace, this))
{
    m_orders->setOrderDialogs(m_orderDialogs);
    setObjectName(u"mainWindow%1"_s.arg(slot));
    setWindowTitle(tr("Opsboard"));
    setDockNestingEnabled(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowNestedDocks
        | QMainWindow::AllowTabbedDocks | QMainWindow::GroupedDragging);
    // The panels are all docks (any of them can go to another screen); no fixed centre.
    auto *centre = new QWidget(this);
    centre->setMaximumSize(0, 0);
    setCentralWidget(centre);

    m_badge->setObjectName(u"connectionBadge"_s);
    m_badge->setConnection(session->connection());
    statusBar()->addPermanentWidget(m_badge);
    QFont badgeFont = m_badge->font();
    badgeFont.setPointSizeF(badgeFont.pointSizeF() * 1.15);
    badgeFont.setBold(true);
    m_badge->setFont(badgeFont);

    buildMenus();
    addPanel(m_orders, u"ordersDock"_s, tr("Orders"), Qt::LeftDockWidgetArea);
    addDashboardPanels();
    applyDefaultLayout();

    connect(m_orders, &OrdersPanel::messageRequested, this,
        [this](const QString &text, int timeout) { statusBar()->showMessage(text, timeout); });
    connect(m_orderDialogs, &OrderDialogs::messageRequested, this,
        [this](const QString &text, int timeout) { statusBar()->showMessage(text, timeout); });
    connect(session, &Session::caughtUp, this, &MainWindow::showCaughtUp);
    connect(session, &Session::freshnessChanged, this, &MainWindow::onFreshnessChanged);
    onFreshnessChanged(session->isLive(), session->asOf());
}

MainWindow::~MainWindow()
{
    // The panels go before the workspace whose models they show.
    qDeleteAll(docks());
}

QString MainWindow::settingsGroup() const
{
    return u"windows/%1"_s.arg(m_slot);
}

QDockWidget *MainWindow::dock(const QString &objectName) const
{
    return findChild<QDockWidget *>(objectName, Qt::FindDirectChildrenOnly);
}

QList<QDockWidget *> MainWindow::docks() const
{
    return findChildren<QDockWidget *>(QString(), Qt::FindDirectChildrenOnly);
}

QDockWidget *MainWindow::addPanel(QWidget *panel, const QString &objectName, const QString &title,
    Qt::DockWidgetArea area, QDockWidget *tabifyWith)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(panel);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable
        | QDockWidget::DockWidgetFloatable);
    addDockWidget(area, dock);
    if (tabifyWith)
        tabifyDockWidget(tabifyWith, dock);
    QAction *toggle = dock->toggleViewAction();
    toggle->setObjectName(u"toggle_"_s + objectName);
    m_viewMenu->insertAction(m_resetSeparator, toggle);
    return dock;
}

void MainWindow::addDashboardPanels()
{
    QueryClient *queries = m_session->queries();
    m_kpis = new KpiPanel(queries, this);
    // Countdowns and "at risk" run on the server's clock, as the KPIs tell it.
    connect(m_kpis->model(), &KpisModel::serverClockChanged, m_workspace.orders(),
        &OrdersTableModel::setServerClock);
    m_workspace.orders()->setServerClock(
        m_kpis->model()->serverOffsetMs(), m_kpis->model()->atRiskMinutes());
    // One orders model and one drivers list per window, the workspace's: the table, the detail,
    // the map and the drivers list read them.
    m_detail = new OrderDetailPanel(&m_workspace, this);
    connect(m_detail, &OrderDetailPanel::editRequested, m_orderDialogs, &OrderDialogs::editOrder);
    m_map = new MapPanel(&m_workspace, this);
    m_drivers = new DriversPanel(&m_workspace, this);
    m_drivers->setActions(m_session->driverActions());
    m_alerts = new AlertsPanel(queries, m_session->alertActions(), this);
    m_alerts->setAwayAlerts(m_session->awayAlerts());
    m_activity = new ActivityPanel(queries, this);

    // Where they go is applyDefaultLayout()'s decision, for the screen the window opens on.
    addPanel(m_kpis, u"kpiDock"_s, tr("Key figures"), Qt::RightDockWidgetArea);
    QDockWidget *detail =
        addPanel(m_detail, u"orderDetailDock"_s, tr("Order"), Qt::RightDockWidgetArea);
    addPanel(m_map, u"mapDock"_s, tr("Map"), Qt::RightDockWidgetArea);
    addPanel(m_drivers, u"driversDock"_s, tr("Drivers"), Qt::RightDockWidgetArea);
    addPanel(m_alerts, u"alertsDock"_s, tr("Alerts"), Qt::LeftDockWidgetArea);
    addPanel(m_activity, u"activityDock"_s, tr("Activity"), Qt::LeftDockWidgetArea);
    // Picking an order brings its details to the front of its tab group.
    connect(m_orders, &OrdersPanel::orderActivated, detail, [detail] { detail->raise(); });

    // Selection follows the dispatcher across panels: table ↔ detail ↔ map ↔ drivers.
    const auto orderSource = [this](QObject *panel) {
        return [this, panel](const QString &id) {
            m_selectionSource = panel;
            selectOrder(id);
            m_selectionSource = nullptr;
        };
    };
    const auto driverSource = [this](QObject *panel) {
        return [this, panel](const QString &id) {
            m_selectionSource = panel;
            selectDriver(id);
            m_selectionSource = nullptr;
        };
    };
    connect(m_orders, &OrdersPanel::orderActivated, this, orderSource(m_orders));
    for (DashPanel *panel : std::initializer_list<DashPanel *> {
             m_detail, m_map, m_drivers, m_alerts, m_kpis, m_activity }) {
        connect(panel, &DashPanel::orderActivated, this, orderSource(panel));
        connect(panel, &DashPanel::driverActivated, this, driverSource(panel));
    }
    connect(m_alerts, &AlertsPanel::statusMessage, this,
        [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    // Alert actions need the server, like order actions.
    const auto liveActions = [this] { m_alerts->setActionsEnabled(m_session->isLive()); };
    connect(m_session, &Session::freshnessChanged, this, liveActions);
    liveActions();
}

void MainWindow::selectOrder(const QString &id)
{
    if (m_selectionSource != m_orders)
        m_orders->selectOrder(id);
    for (DashPanel *panel :
        std::initializer_list<DashPanel *> { m_detail, m_map, m_drivers, m_alerts, m_activity }) {
        if (panel && panel != m_selectionSource)
            panel->selectOrder(id);
    }
}

void MainWindow::selectDriver(const QString &id)
{
    for (DashPanel *panel :
        std::initializer_list<DashPanel *> { m_detail, m_map, m_drivers, m_alerts, m_activity }) {
        if (panel && panel != m_selectionSource)
            panel->selectDriver(id);
    }
}

void MainWindow::addAlertRulesAction(QMenu *menu)
{
    // Managers only: the role comes with the server's `ready`.
    QAction *rules = menu->addAction(tr("Alert r&ules…"));
    rules->setObjectName(u"alertRules"_s);
    const auto managersOnly = [this, rules] {
        rules->setVisible(m_session->role() == "manager"_L1);
    };
    connect(m_session, &Session::signedIn, rules, managersOnly);
    managersOnly();
    connect(rules, &QAction::triggered, this, [this] {
        auto *editor = new AlertRulesEditor(m_session->queries(), m_session->api());
        auto *dialog = new AlertRulesDialog(editor, {}, this);
        editor->setParent(dialog);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
}

void MainWindow::buildMenus()
{
    m_fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *newWindow =
        addEntry(m_fileMenu, tr("&New window"), u"newWindow"_s, QKeySequence(u"Ctrl+Shift+N"_s));
    connect(newWindow, &QAction::triggered, this, &MainWindow::newWindowRequested);
    // Orders in: typed, or a file from a shop or a spreadsheet. Both need the server.
    QAction *newOrder =
        addEntry(m_fileMenu, tr("New &order…"), u"newOrder"_s, QKeySequence(u"Ctrl+N"_s));
    connect(newOrder, &QAction::triggered, m_orderDialogs, &OrderDialogs::newOrder);
    QAction *importOrders = addEntry(
        m_fileMenu, tr("Impo&rt orders from CSV…"), u"importOrders"_s, QKeySequence(u"Ctrl+I"_s));
    connect(importOrders, &QAction::triggered, m_orderDialogs, &OrderDialogs::importCsv);
    const auto liveOnly = [this, newOrder, importOrders] {
        for (QAction *a : { newOrder, importOrders }) {
            a->setEnabled(m_session->isLive());
            a->setToolTip(m_session->isLive() ? QString() : tr("Needs a live connection"));
        }
    };
    connect(m_session, &Session::freshnessChanged, this, liveOnly);
    liveOnly();
    m_fileMenu->addAction(m_orders->exportAction());
    addAlertRulesAction(m_fileMenu);
    m_fileMenu->addSeparator();
    QAction *signIn = addEntry(m_fileMenu, tr("Sign &in again…"), u"signIn"_s);
    connect(signIn, &QAction::triggered, this, &MainWindow::signInRequested);
    m_fileMenu->addSeparator();
    QAction *close =
        addEntry(m_fileMenu, tr("&Close window"), u"closeWindow"_s, QKeySequence::Close);
    connect(close, &QAction::triggered, this, &QWidget::close);
    QAction *quit = addEntry(m_fileMenu, tr("&Quit"), u"quit"_s, QKeySequence(u"Ctrl+Q"_s));
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, qApp, &QApplication::closeAllWindows);

    m_ordersMenu = menuBar()->addMenu(tr("&Orders"));
    m_ordersMenu->addActions(m_orders->statusActions());
    m_ordersMenu->addAction(m_orders->assignDriverAction());
    QAction *editOrder =
        addEntry(m_ordersMenu, tr("&Edit order…"), u"editOrder"_s, QKeySequence(u"Ctrl+Shift+E"_s));
    connect(editOrder, &QAction::triggered, this,
        [this] { m_orderDialogs->editOrder(m_orders->currentOrderId()); });
    m_ordersMenu->addSeparator();
    m_ordersMenu->addAction(m_orders->findAction());
    m_ordersMenu->addAction(m_orders->lateOnlyAction());
    m_ordersMenu->addAction(m_orders->clearFiltersAction());
    m_ordersMenu->addSeparator();
    m_ordersMenu->addAction(m_orders->saveViewAction());
    m_ordersMenu->addAction(m_orders->deleteViewAction());

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_resetSeparator = m_viewMenu->addSeparator();
    QAction *reset = addEntry(
        m_viewMenu, tr("&Reset layout"), u"resetLayout"_s, QKeySequence(u"Ctrl+Shift+R"_s));
    connect(reset, &QAction::triggered, this, &MainWindow::resetLayout);
    QMenu *developer = m_viewMenu->addMenu(tr("&Developer"));
    QAction *inspector = addEntry(developer, tr("&Query inspector"), u"queryInspector"_s);
    connect(inspector, &QAction::triggered, this, &MainWindow::showQueryInspector);

    m_helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction *shortcuts =
        addEntry(m_helpMenu, tr("&Keyboard shortcuts"), u"shortcuts"_s, QKeySequence(u"F1"_s));
    connect(shortcuts, &QAction::triggered, this, &MainWindow::showShortcuts);
    QAction *about = addEntry(m_helpMenu, tr("&About Opsboard"), u"about"_s);
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::showQueryInspector()
{
    if (!m_inspectorDock) {
        // Not in the saved layouts' default set: a developer tool, floating by default.
        m_inspectorDock = new QDockWidget(tr("Query inspector"), this);
        m_inspectorDock->setObjectName(u"queryInspectorDock"_s);
        m_inspectorDock->setWidget(new QueryInspector(m_session->queries(), m_inspectorDock));
        addDockWidget(Qt::BottomDockWidgetArea, m_inspectorDock);
        m_inspectorDock->setFloating(true);
        m_inspectorDock->resize(900, 600);
    }
    m_inspectorDock->show();
    m_inspectorDock->raise();
}

void MainWindow::showCaughtUp(qint64 replayed)
{
    // Explicit singular/plural: "%n update(s)" would show the "(s)" without a loaded translation.
    const QString message = replayed < 0 ? tr("Reconnected — refreshed everything from the server")
        : replayed == 0                  ? tr("Reconnected — nothing was missed")
        : replayed == 1                  ? tr("Reconnected — 1 update caught up")
                                         : tr("Reconnected — %1 updates caught up").arg(replayed);
    statusBar()->showMessage(message, 8000);
}

void MainWindow::onFreshnessChanged(bool live, const QDateTime &asOf)
{
    m_orders->setFreshness(live, asOf);
    const QList<QWidget *> panels = [this] {
        QList<QWidget *> list;
        for (QDockWidget *d : docks()) {
            if (d->widget() && d->widget() != m_orders)
                list.append(d->widget());
        }
        return list;
    }();
    // Every panel with a setFreshness(bool, QDateTime) slot gets the same statement.
    for (QWidget *panel : panels)
        QMetaObject::invokeMethod(panel, "setFreshness", Q_ARG(bool, live), Q_ARG(QDateTime, asOf));
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.beginGroup(settingsGroup());
    settings.setValue(u"geometry"_s, saveGeometry());
    settings.setValue(u"state"_s, saveState());
}

bool MainWindow::restoreLayout()
{
    // Panels added since the constructor (setWindowSetup) take part in the default layout.
    if (!m_laidOut)
        applyDefaultLayout();
    m_laidOut = true;
    QSettings settings;
    settings.beginGroup(settingsGroup());
    const QByteArray geometry = settings.value(u"geometry"_s).toByteArray();
    const QByteArray state = settings.value(u"state"_s).toByteArray();
    if (geometry.isEmpty() && state.isEmpty())
        return false;
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    clampToScreens();
    const bool restored = state.isEmpty() || restoreState(state);
    if (!fitsScreen() && m_defaultFits) {
        // Saved on a larger screen: its panels cannot all fit on this one, the default's can.
        applyDefaultLayout();
        statusBar()->showMessage(
            tr("The saved layout does not fit this screen: showing the default layout"), 10000);
    }
    clampToScreens();
    return restored;
}

void MainWindow::resetLayout()
{
    // The default for the screen the window is on now (it may have moved to a larger one).
    applyDefaultLayout();
    clampToScreens();
    statusBar()->showMessage(tr("Layout reset"), 3000);
}

QRect MainWindow::availableGeometry() const
{
    const QScreen *s = screen() ? screen() : QGuiApplication::primaryScreen();
    return s ? s->availableGeometry() : QRect(0, 0, 1600, 1000);
}

bool MainWindow::fitsScreen() const
{
    const QSize room = availableGeometry().size() - kFrameAllowance;
    const QSize needed = minimumSizeHint();
    return needed.width() <= room.width() && needed.height() <= room.height();
}

void MainWindow::placeDocks(LayoutTier tier)
{
    QDockWidget *orders = dock(u"ordersDock"_s);
    QDockWidget *kpis = dock(u"kpiDock"_s);
    QDockWidget *detail = dock(u"orderDetailDock"_s);
    QDockWidget *map = dock(u"mapDock"_s);
    QDockWidget *drivers = dock(u"driversDock"_s);
    QDockWidget *alerts = dock(u"alertsDock"_s);
    QDockWidget *activity = dock(u"activityDock"_s);
    const QList<QDockWidget *> all = docks();
    for (QDockWidget *d : all) {
        d->setFloating(false);
        removeDockWidget(d);
    }
    const auto put = [this](QDockWidget *d, Qt::DockWidgetArea area) {
        addDockWidget(area, d);
        d->show();
    };
    // Splits first, tabs last: splitting a tabbed panel would take it out of its tab group.
    const auto tabOnto = [this, &put](
                             QDockWidget *anchor, std::initializer_list<QDockWidget *> more) {
        for (QDockWidget *d : more) {
            put(d, dockWidgetArea(anchor));
            tabifyDockWidget(anchor, d);
        }
    };
    switch (tier) {
    case LayoutTier::Wide:
        // One large screen: the orders table large on the left with alerts and activity under
        // it; key figures, the selected order and the map (tabbed with drivers) on the right.
        put(orders, Qt::LeftDockWidgetArea);
        put(kpis, Qt::RightDockWidgetArea);
        put(detail, Qt::RightDockWidgetArea);
        splitDockWidget(kpis, detail, Qt::Vertical);
        put(alerts, Qt::LeftDockWidgetArea);
        splitDockWidget(orders, alerts, Qt::Vertical);
        put(activity, Qt::LeftDockWidgetArea);
        splitDockWidget(alerts, activity, Qt::Horizontal);
        tabOnto(detail, { map, drivers });
        resizeDocks({ orders, kpis }, { 1000, 600 }, Qt::Horizontal);
        resizeDocks({ orders, alerts }, { 700, 260 }, Qt::Vertical);
        resizeDocks({ kpis, detail }, { 340, 620 }, Qt::Vertical);
        break;
    case LayoutTier::Compact:
        // A laptop screen (1366×768, 1280×800): the orders table across the whole width (it has
        // many columns), key figures a tab beside it; under it the map tabbed with the selected
        // order and drivers, and beside that alerts tabbed with activity.
        put(orders, Qt::LeftDockWidgetArea);
        put(map, Qt::LeftDockWidgetArea);
        splitDockWidget(orders, map, Qt::Vertical);
        put(alerts, Qt::LeftDockWidgetArea);
        splitDockWidget(map, alerts, Qt::Horizontal);
        tabOnto(orders, { kpis });
        tabOnto(map, { detail, drivers });
        tabOnto(alerts, { activity });
        resizeDocks({ orders, map }, { 440, 260 }, Qt::Vertical);
        resizeDocks({ map, alerts }, { 760, 520 }, Qt::Horizontal);
        orders->raise();
        alerts->raise();
        break;
    case LayoutTier::Tabbed:
        // Smaller still: every panel is a tab of one group.
        put(orders, Qt::LeftDockWidgetArea);
        tabOnto(orders, { map, alerts, kpis, detail, drivers, activity });
        break;
    }
    // Panels added later by setWindowSetup() join the right column (or the one group).
    QDockWidget *anchor = tier == LayoutTier::Tabbed ? orders
        : tier == LayoutTier::Wide                   ? detail
                                                     : map;
    for (QDockWidget *d : all) {
        if (d != orders && d != kpis && d != detail && d != map && d != drivers && d != alerts
            && d != activity)
            tabOnto(anchor, { d });
    }
    map->raise(); // the map shows where everything is; the order tab is one click (or a pick) away
    if (tier == LayoutTier::Tabbed)
        orders->raise();
}

void MainWindow::applyDefaultLayout()
{
    const QRect available = availableGeometry();
    const QSize size = QSize(1600, 1000).boundedTo(available.size() - kFrameAllowance);
    if (isWindow() && !available.intersects(geometry()))
        move(available.topLeft());
    resize(size);
    // The roomiest arrangement whose panels fit the screen the window opens on.
    const bool updates = updatesEnabled();
    setUpdatesEnabled(false); // a shown window (Reset layout) does not flicker through the tries
    for (const LayoutTier tier : { LayoutTier::Wide, LayoutTier::Compact, LayoutTier::Tabbed }) {
        m_tier = tier;
        placeDocks(tier);
        m_defaultFits = fitsScreen();
        if (m_defaultFits)
            break;
    }
    // A shown window grew to each arrangement tried; its minimum is this one's now.
    layout()->activate();
    resize(size.expandedTo(minimumSizeHint()));
    setUpdatesEnabled(updates);
}

void MainWindow::clampToScreens()
{
    clampToScreen(this);
    for (QDockWidget *d : docks()) {
        if (d->isFloating())
            clampToScreen(d);
    }
}

void MainWindow::clampToScreen(QWidget *window)
{
    // Positions are the frame's (move() places the frame), sizes the client area's.
    const QRect frame = window->frameGeometry();
    const QRect client = window->geometry();
    const QSize decoration = frame.size() - client.size();
    // Before it is shown a window has no frame yet: leave room for a typical one.
    const QSize allowance =
        decoration.width() > 0 || decoration.height() > 0 ? decoration : kFrameAllowance;
    // The screen it is (mostly) on, else the nearest one: the one it was saved on may be gone.
    const QScreen *best = nullptr;
    qint64 bestScore = std::numeric_limits<qint64>::min();
    for (const QScreen *candidate : QGuiApplication::screens()) {
        const QRect area = candidate->availableGeometry();
        const QRect overlap = area.intersected(frame);
        const QPoint d = area.center() - frame.center();
        const qint64 score = overlap.isEmpty() ? -qint64(d.manhattanLength())
                                               : qint64(overlap.width()) * overlap.height();
        if (!best || score > bestScore) {
            best = candidate;
            bestScore = score;
        }
    }
    if (!best)
        return;
    const QRect area = best->availableGeometry();
    const QSize size =
        client.size().boundedTo(area.size() - allowance).expandedTo(window->minimumSize());
    const QSize outer = size + allowance;
    const int x = std::clamp(
        frame.x(), area.left(), std::max(area.left(), area.left() + area.width() - outer.width()));
    const int y = std::clamp(
        frame.y(), area.top(), std::max(area.top(), area.top() + area.height() - outer.height()));
    if (size != client.size())
        window->resize(size);
    if (QPoint(x, y) != frame.topLeft())
        window->move(x, y);
}

void MainWindow::showShortcuts()
{
    auto *dialog = new QDialog(this);
    dialog->setObjectName(u"shortcutsDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Keyboard shortcuts"));
    auto *layout = new QVBoxLayout(dialog);
    auto *table = new QTableWidget(0, 2, dialog);
    table->setObjectName(u"shortcutsTable"_s);
    table->setHorizontalHeaderLabels({ tr("Action"), tr("Keys") });
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Generated from the window's actions, so the list cannot drift from what the keys do.
    const auto add = [table](const QString &what, const QString &keys) {
        const int row = table->rowCount();
        table->insertRow(row);
        table->setItem(row, 0, new QTableWidgetItem(what));
        table->setItem(row, 1, new QTableWidgetItem(keys));
    };
    for (QMenu *menu : { m_fileMenu, m_ordersMenu, m_viewMenu, m_helpMenu }) {
        for (QAction *a : menu->actions()) {
            if (!a->shortcut().isEmpty())
                add(a->text().remove(u'&'), a->shortcut().toString(QKeySequence::NativeText));
        }
    }
    add(tr("Change the status of the current order inline"), tr("F2 or double-click the status"));
    add(tr("Select several orders"), tr("Shift/Ctrl+click, Shift+arrows"));
    add(tr("Move between markers on the map (Enter selects)"),
        tr("Arrow keys, Page Up/Down, Home, End"));
    add(tr("Pan the map"), tr("Drag, Ctrl+arrow keys"));
    add(tr("Zoom the map"), tr("Wheel, double-click, + and -"));
    add(tr("Zoom the map to the selection / show everything"), tr("Z / 0"));
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    layout->addWidget(table);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog->resize(480, 460);
    dialog->open();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Opsboard"),
        tr("<h3>Opsboard %1</h3><p>Live operations dashboard for dispatchers.</p>"
           "<p>Qt %2</p>")
            .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

} // namespace Ops
