#include "mainwindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTableWidget>
#include <QVBoxLayout>

#include "activitypanel.h"
#include "alertspanel.h"
#include "connectionbadge.h"
#include "driverspanel.h"
#include "kpipanel.h"
#include "mappanel.h"
#include "orderdetailpanel.h"
#include "orderspanel.h"
#include "query/queryclient.h"
#include "sync/orderactions.h"
#include "sync/session.h"

using namespace Qt::StringLiterals;

namespace Ops {

MainWindow::MainWindow(Session *session, int slot, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_slot(slot)
    , m_workspace(session->queries())
    , m_badge(new ConnectionBadge(this))
    , m_orders(new OrdersPanel(&m_workspace, session->actions(), this))
{
    setObjectName(u"mainWindow%1"_s.arg(slot));
    setWindowTitle(tr("Opsboard"));
    setDockNestingEnabled(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowNestedDocks
        | QMainWindow::AllowTabbedDocks | QMainWindow::GroupedDragging);
    // The panels are all docks (any of them can go to another screen); no fixed centre.
    auto *centre = new QWidget(this);
    centre->setMaximumSize(0, 0);
    setCentralWidget(centre);
    resize(1600, 1000);

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

    connect(m_orders, &OrdersPanel::messageRequested, this,
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
    // One orders model and one drivers list per window, the workspace's: the table, the detail,
    // the map and the drivers list read them.
    m_detail = new OrderDetailPanel(&m_workspace, this);
    m_map = new MapPanel(&m_workspace, this);
    m_drivers = new DriversPanel(&m_workspace, this);
    m_alerts = new AlertsPanel(queries, m_session->alertActions(), this);
    m_activity = new ActivityPanel(queries, this);

    // Default layout for one 1080p screen: the orders table large on the left with alerts and
    // activity under it; key figures, the selected order and the map (tabbed with drivers) in a
    // column on the right.
    QDockWidget *orders = dock(u"ordersDock"_s);
    QDockWidget *kpis = addPanel(m_kpis, u"kpiDock"_s, tr("Key figures"), Qt::RightDockWidgetArea);
    QDockWidget *detail =
        addPanel(m_detail, u"orderDetailDock"_s, tr("Order"), Qt::RightDockWidgetArea);
    splitDockWidget(kpis, detail, Qt::Vertical);
    QDockWidget *map = addPanel(m_map, u"mapDock"_s, tr("Map"), Qt::RightDockWidgetArea, detail);
    addPanel(m_drivers, u"driversDock"_s, tr("Drivers"), Qt::RightDockWidgetArea, map);
    QDockWidget *alerts = addPanel(m_alerts, u"alertsDock"_s, tr("Alerts"), Qt::LeftDockWidgetArea);
    QDockWidget *activity =
        addPanel(m_activity, u"activityDock"_s, tr("Activity"), Qt::LeftDockWidgetArea);
    splitDockWidget(orders, alerts, Qt::Vertical);
    splitDockWidget(alerts, activity, Qt::Horizontal);
    map->raise(); // the map shows where everything is; the order tab is one click (or a pick) away
    resizeDocks({ orders, kpis }, { 1000, 600 }, Qt::Horizontal);
    resizeDocks({ orders, alerts }, { 700, 260 }, Qt::Vertical);
    resizeDocks({ kpis, detail }, { 340, 620 }, Qt::Vertical);
    // Picking an order brings its details to the front of the right column.
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

void MainWindow::buildMenus()
{
    m_fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *newWindow = m_fileMenu->addAction(tr("&New window"));
    newWindow->setObjectName(u"newWindow"_s);
    newWindow->setShortcut(QKeySequence(u"Ctrl+Shift+N"_s));
    connect(newWindow, &QAction::triggered, this, &MainWindow::newWindowRequested);
    m_fileMenu->addAction(m_orders->exportAction());
    m_fileMenu->addSeparator();
    QAction *signIn = m_fileMenu->addAction(tr("Sign &in again…"));
    signIn->setObjectName(u"signIn"_s);
    connect(signIn, &QAction::triggered, this, &MainWindow::signInRequested);
    m_fileMenu->addSeparator();
    QAction *close = m_fileMenu->addAction(tr("&Close window"));
    close->setObjectName(u"closeWindow"_s);
    close->setShortcut(QKeySequence::Close);
    connect(close, &QAction::triggered, this, &QWidget::close);
    QAction *quit = m_fileMenu->addAction(tr("&Quit"));
    quit->setObjectName(u"quit"_s);
    quit->setShortcut(QKeySequence(u"Ctrl+Q"_s));
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, qApp, &QApplication::closeAllWindows);

    m_ordersMenu = menuBar()->addMenu(tr("&Orders"));
    m_ordersMenu->addActions(m_orders->statusActions());
    m_ordersMenu->addAction(m_orders->assignDriverAction());
    m_ordersMenu->addSeparator();
    m_ordersMenu->addAction(m_orders->findAction());
    m_ordersMenu->addAction(m_orders->lateOnlyAction());
    m_ordersMenu->addAction(m_orders->clearFiltersAction());
    m_ordersMenu->addSeparator();
    m_ordersMenu->addAction(m_orders->saveViewAction());
    m_ordersMenu->addAction(m_orders->deleteViewAction());

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_resetSeparator = m_viewMenu->addSeparator();
    QAction *reset = m_viewMenu->addAction(tr("&Reset layout"));
    reset->setObjectName(u"resetLayout"_s);
    reset->setShortcut(QKeySequence(u"Ctrl+Shift+R"_s));
    connect(reset, &QAction::triggered, this, &MainWindow::resetLayout);

    m_helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction *shortcuts = m_helpMenu->addAction(tr("&Keyboard shortcuts"));
    shortcuts->setObjectName(u"shortcuts"_s);
    shortcuts->setShortcut(QKeySequence(u"F1"_s));
    connect(shortcuts, &QAction::triggered, this, &MainWindow::showShortcuts);
    QAction *about = m_helpMenu->addAction(tr("&About Opsboard"));
    about->setObjectName(u"about"_s);
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
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
    if (!m_defaultCaptured) {
        m_defaultState = saveState();
        m_defaultCaptured = true;
    }
    QSettings settings;
    settings.beginGroup(settingsGroup());
    const QByteArray geometry = settings.value(u"geometry"_s).toByteArray();
    const QByteArray state = settings.value(u"state"_s).toByteArray();
    if (geometry.isEmpty() && state.isEmpty())
        return false;
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    return state.isEmpty() || restoreState(state);
}

void MainWindow::resetLayout()
{
    if (!m_defaultCaptured)
        return;
    for (QDockWidget *d : docks()) {
        d->setFloating(false);
        d->show();
    }
    restoreState(m_defaultState);
    statusBar()->showMessage(tr("Layout reset"), 3000);
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
