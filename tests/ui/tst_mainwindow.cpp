// The workspace against the real opsboard-server: inline status change, rollback, the conflict
// dialog, bulk results, a second window on the same session, layout save/restore, and actions
// while not live.

#include <algorithm>

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "blockinghttp.h"
#include "models/driverstablemodel.h"
#include "serverprocess.h"
#include "sync/session.h"
#include "ui/connectionbadge.h"
#include "ui/driverspanel.h"
#include "ui/mainwindow.h"
#include "ui/mappanel.h"
#include "ui/mapview.h"
#include "ui/noticelabel.h"
#include "ui/orderdetailpanel.h"
#include "ui/orderspanel.h"
#include "ui/reasondialog.h"
#include "ui/windowmanager.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

namespace {

struct App
{
    explicit App(const ServerProcess &server, const QString &token = u"demo-manager"_s)
    {
        session.queries()->setRetryPolicy({ 3, 20ms, 200ms });
        session.connection()->setBackoffPolicy({ 20ms, 200ms, 2.0, 1.0 });
        session.connection()->setHeartbeatInterval(500ms);
        session.start(server.baseUrl(), token);
        window = windows.openWindow();
    }
    bool ready() const
    {
        return QTest::qWaitFor(
            [this] { return session.isLive() && window->ordersPanel()->model()->rowCount() > 0; },
            10000);
    }
    OrdersPanel *panel() const { return window->ordersPanel(); }
    //! The proxy row of the \a skip-th order with \a status.
    int rowWithStatus(const QString &status, int skip = 0) const
    {
        const QAbstractItemModel *proxy = panel()->proxy();
        for (int r = 0; r < proxy->rowCount(); ++r) {
            if (proxy->index(r, 0).data(OrdersTableModel::StatusRole).toString() == status
                && skip-- <= 0)
                return r;
        }
        return -1;
    }
    QString idAt(int row) const
    {
        return panel()->proxy()->index(row, 0).data(OrdersTableModel::IdRole).toString();
    }
    QString statusOf(const QString &id) const
    {
        const int row = panel()->model()->rowOf(id);
        return row < 0 ? QString()
                       : panel()
                             ->model()
                             ->index(row, OrdersTableModel::StatusColumn)
                             .data(OrdersTableModel::StatusRole)
                             .toString();
    }
    bool pending(const QString &id) const
    {
        const int row = panel()->model()->rowOf(id);
        return row >= 0 && panel()->model()->isPending(row);
    }
    //! Records what the table showed for \a id while it was pending (the optimistic state is
    //! shown on the next event-loop turn and may be confirmed soon after).
    void watchPending(const QString &id)
    {
        QObject::connect(panel()->model(), &QAbstractItemModel::dataChanged, window, [this, id] {
            if (pending(id) && shownWhilePending.isEmpty()) {
                const int row = panel()->model()->rowOf(id);
                shownWhilePending =
                    panel()->model()->index(row, OrdersTableModel::StatusColumn).data().toString();
            }
        });
    }
    //! Answers the reason dialog that cancelling or failing opens.
    bool giveReason(const QString &reason)
    {
        ReasonDialog *dialog = nullptr;
        if (!QTest::qWaitFor(
                [&] {
                    dialog = window->findChild<ReasonDialog *>();
                    return dialog && dialog->isVisible();
                },
                5000))
            return false;
        if (dialog->canAccept())
            return false; // a reason is asked for, not assumed
        dialog->setReason(reason);
        dialog->accept();
        return true;
    }

    QString shownWhilePending;

    Session session;
    WindowManager windows { &session };
    QPointer<MainWindow> window;
};

QString serverStatus(const ServerProcess &server, const QString &id)
{
    return blockingHttp("GET", server.baseUrl().resolved(QUrl(u"/api/orders/"_s + id)), {})
        .value("status"_L1)
        .toString();
}

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void inlineStatusChangeIsConfirmed();
    void rejectedChangeRollsBackWithMessage();
    void conflictDialogRetriesOnCurrentVersion();
    void bulkChangeShowsEachResult();
    void newWindowSharesTheSession();
    void layoutIsSavedPerSlotAndReset();
    void shortcutsAreListed();
    void actionsDisabledWhileNotLive();
    void closingTheLastWindowQuits();
    void selectionFollowsAcrossPanels();

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<ServerProcess> m_server;
};

void tst_MainWindow::initTestCase()
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(u"OpsboardTest"_s);
    QCoreApplication::setApplicationName(u"tst_mainwindow"_s);
    QGuiApplication::setQuitOnLastWindowClosed(false);
    m_server = std::make_unique<ServerProcess>(QString::fromUtf8(OPS_SERVER_BINARY));
    QVERIFY2(m_server->start(0, { u"--demo"_s, u"--sim-interval"_s, u"3600000"_s }),
        qPrintable(m_server->errorString()));
}

void tst_MainWindow::inlineStatusChangeIsConfirmed()
{
    App app(*m_server);
    QVERIFY(app.ready());
    QTableView *view = app.panel()->view();
    const int row = app.rowWithStatus(u"new"_s);
    QVERIFY(row >= 0);
    const QString id = app.idAt(row);
    const QModelIndex cell = app.panel()->proxy()->index(row, OrdersTableModel::StatusColumn);
    view->setCurrentIndex(cell);
    view->edit(cell);
    auto *combo = view->findChild<QComboBox *>(u"statusEditor"_s);
    QVERIFY(combo);
    // The delegate's editor says to a screen reader which order it changes.
    QCOMPARE(combo->accessibleName(), u"New status of %1"_s.arg(id));
    QVERIFY(!combo->accessibleDescription().isEmpty());
    const int assigned = combo->findData(u"assigned"_s);
    QVERIFY(assigned > 0);
    QCOMPARE(combo->findData(u"delivered"_s), -1); // only what the lifecycle allows
    combo->setCurrentIndex(assigned);
    app.watchPending(id);
    Q_EMIT combo->activated(assigned);

    // At once (the next event-loop turn), marked pending.
    QTRY_COMPARE(app.shownWhilePending, u"Assigned (pending)"_s);
    // Then confirmed.
    QTRY_VERIFY_WITH_TIMEOUT(!app.pending(id), 10000);
    QCOMPARE(app.statusOf(id), u"assigned"_s);
    QCOMPARE(serverStatus(*m_server, id), u"assigned"_s);
}

void tst_MainWindow::rejectedChangeRollsBackWithMessage()
{
    App app(*m_server, u"demo-viewer"_s); // may read, may not write
    QVERIFY(app.ready());
    const int row = app.rowWithStatus(u"new"_s);
    const QString id = app.idAt(row);
    app.panel()->view()->selectRow(row);
    app.watchPending(id);
    QVERIFY(app.panel()->changeSelectedStatus(OrderStatus::Cancelled));
    QVERIFY(app.giveReason(u"Customer cancelled"_s));
    QTRY_COMPARE(app.shownWhilePending, u"Cancelled (pending)"_s);
    QTRY_VERIFY_WITH_TIMEOUT(app.panel()->noticeLabel()->isVisible(), 10000);
    QTRY_COMPARE(app.statusOf(id), u"new"_s); // the model follows the cache on the next turn
    QVERIFY(!app.pending(id));
    QVERIFY2(app.panel()->noticeLabel()->text().contains(id),
        qPrintable(app.panel()->noticeLabel()->text()));
    QVERIFY(app.panel()->noticeLabel()->text().contains(u"not changed"_s));
    QCOMPARE(serverStatus(*m_server, id), u"new"_s);
}

void tst_MainWindow::conflictDialogRetriesOnCurrentVersion()
{
    App app(*m_server);
    QVERIFY(app.ready());
    const int row = app.rowWithStatus(u"new"_s, 2);
    const QString id = app.idAt(row);
    app.panel()->view()->selectRow(row);
    // Another dispatcher assigns it while this app is not looking.
    const QJsonObject theirs = blockingHttp("PATCH",
        m_server->baseUrl().resolved(QUrl(u"/api/orders/"_s + id)), R"({"status":"assigned"})");
    QCOMPARE(theirs.value("status"_L1).toString(), u"assigned"_s);
    QCOMPARE(app.statusOf(id), u"new"_s); // the app has not heard yet

    QVERIFY(app.panel()->changeSelectedStatus(OrderStatus::Cancelled));
    QVERIFY(app.giveReason(u"Customer cancelled"_s));
    QTRY_VERIFY_WITH_TIMEOUT(app.panel()->conflictDialog(), 10000);
    QDialog *dialog = app.panel()->conflictDialog();
    QTRY_VERIFY(dialog->isVisible());
    auto *table = dialog->findChild<QTableWidget *>(u"conflictTable"_s);
    QVERIFY(table);
    QCOMPARE(table->item(0, 0)->text(), u"Cancelled"_s); // yours
    QCOMPARE(table->item(0, 1)->text(), u"Assigned"_s); // the server's
    QCOMPARE(table->item(1, 1)->text(), QString::number(theirs.value("version"_L1).toInteger()));
    QTRY_COMPARE(app.statusOf(id), u"assigned"_s); // the table shows the server's row
    auto *retry = dialog->findChild<QPushButton *>(u"retryButton"_s);
    QVERIFY(retry && retry->isEnabled());
    QTest::mouseClick(retry, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(app.statusOf(id), u"cancelled"_s, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!app.pending(id), 10000);
    QCOMPARE(serverStatus(*m_server, id), u"cancelled"_s);
}

void tst_MainWindow::bulkChangeShowsEachResult()
{
    // A dispatcher: a delivered order is final for them (a manager could correct it).
    App app(*m_server, u"demo-dispatcher"_s);
    QVERIFY(app.ready());
    const int a = app.rowWithStatus(u"new"_s, 4);
    const int b = app.rowWithStatus(u"new"_s, 5);
    const int done = app.rowWithStatus(u"delivered"_s);
    QVERIFY(a >= 0 && b >= 0 && done >= 0);
    const QString doneId = app.idAt(done);
    const QString aId = app.idAt(a); // a cancelled order moves: the table sorts finished ones last
    QItemSelectionModel *selection = app.panel()->view()->selectionModel();
    selection->clearSelection();
    for (int r : { a, b, done })
        selection->select(app.panel()->proxy()->index(r, 0),
            QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QCOMPARE(app.panel()->selectedIds().size(), 3);
    const QStringList ids = app.panel()->selectedIds();
    QVERIFY(app.panel()->changeSelectedStatus(OrderStatus::Cancelled));
    QVERIFY(app.giveReason(u"Customer cancelled"_s));
    QTRY_VERIFY_WITH_TIMEOUT(app.panel()->bulkResultDialog(), 10000);
    QDialog *dialog = app.panel()->bulkResultDialog();
    auto *summary = dialog->findChild<QLabel *>(u"summaryLabel"_s);
    QVERIFY(summary->text().startsWith(u"2 of 3 orders changed"_s));
    auto *table = dialog->findChild<QTableWidget *>(u"resultTable"_s);
    QCOMPARE(table->rowCount(), 3);
    for (int r = 0; r < 3; ++r) {
        const QString id = table->item(r, 0)->text();
        QCOMPARE(id, ids.at(r));
        if (id == doneId)
            QVERIFY(table->item(r, 1)->text().contains(u"delivered"_s));
        else
            QCOMPARE(table->item(r, 1)->text(), u"Changed"_s);
    }
    QTRY_COMPARE(app.statusOf(doneId), u"delivered"_s);
    QTRY_COMPARE(app.statusOf(aId), u"cancelled"_s);
}

void tst_MainWindow::newWindowSharesTheSession()
{
    App app(*m_server);
    QVERIFY(app.ready());
    const int queries = app.session.queries()->queryCount();
    QAction *newWindow = app.window->findChild<QAction *>(u"newWindow"_s);
    QVERIFY(newWindow);
    QCOMPARE(newWindow->shortcut(), QKeySequence(u"Ctrl+Shift+N"_s));
    newWindow->trigger();
    QCOMPARE(app.windows.windows().size(), 2);
    MainWindow *second = app.windows.windows().at(1);
    QCOMPARE(second->slot(), 1);
    QCOMPARE(second->session(), &app.session);
    // The same cache: the rows are there at once, with no new query and no new connection.
    QCOMPARE(
        second->ordersPanel()->model()->rowCount(), app.window->ordersPanel()->model()->rowCount());
    QCOMPARE(app.session.queries()->queryCount(), queries);
    QCOMPARE(second->badge()->state(), ConnectionManager::State::Live);
    // Within a window, the panels read the window's workspace: one parse of each orders or
    // drivers change per window, not one per panel, and one clock.
    for (MainWindow *w : app.windows.windows()) {
        const auto *map = w->findChild<MapPanel *>();
        QVERIFY(map);
        QCOMPARE(w->ordersPanel()->model(), w->workspace()->orders());
        QCOMPARE(map->ordersModel(), w->workspace()->orders());
        QCOMPARE(map->driversModel(), w->workspace()->drivers());
        QCOMPARE(w->ordersPanel()->driversModel(), w->workspace()->drivers());
        QCOMPARE(w->driversPanel()->model(), w->workspace()->drivers());
        QVERIFY(w->findChildren<OrdersTableModel *>().isEmpty()); // no panel made its own
        QVERIFY(w->findChildren<DriversTableModel *>().isEmpty());
    }
    QVERIFY(app.window->workspace() != second->workspace()); // one per window
    // A change reaches both windows through the one cache.
    const int row = app.rowWithStatus(u"new"_s, 7);
    const QString id = app.idAt(row);
    blockingHttp("PATCH", m_server->baseUrl().resolved(QUrl(u"/api/orders/"_s + id)),
        R"({"status":"assigned"})");
    QTRY_COMPARE_WITH_TIMEOUT(app.statusOf(id), u"assigned"_s, 10000);
    const int secondRow = second->ordersPanel()->model()->rowOf(id);
    QCOMPARE(second->ordersPanel()
                 ->model()
                 ->index(secondRow, 0)
                 .data(OrdersTableModel::StatusRole)
                 .toString(),
        u"assigned"_s);
    second->close();
    QTRY_COMPARE(app.windows.windows().size(), 1);
}

void tst_MainWindow::layoutIsSavedPerSlotAndReset()
{
    QSettings().remove(u"windows"_s);
    App app(*m_server);
    app.windows.setWindowSetup([](MainWindow *w) {
        w->addPanel(new QLabel(u"extra"_s), u"extraDock"_s, u"Extra"_s, Qt::RightDockWidgetArea);
    });
    MainWindow *w = app.windows.openWindow();
    QCOMPARE(w->slot(), 1);
    QDockWidget *extra = w->dock(u"extraDock"_s);
    QVERIFY(extra && w->dock(u"ordersDock"_s));
    QVERIFY(w->findChild<QAction *>(u"toggle_extraDock"_s));
    QTRY_VERIFY(extra->isVisible());
    w->findChild<QAction *>(u"toggle_extraDock"_s)->trigger(); // View menu: hide it
    QVERIFY(!extra->isVisible());
    w->close(); // saves slot 1
    QTRY_COMPARE(app.windows.windows().size(), 1);

    MainWindow *again = app.windows.openWindow(); // slot 1 is free again
    QCOMPARE(again->slot(), 1);
    QDockWidget *restored = again->dock(u"extraDock"_s);
    QVERIFY(restored);
    QTRY_VERIFY(again->isVisible());
    QVERIFY(!restored->isVisible());
    again->findChild<QAction *>(u"resetLayout"_s)->trigger();
    QTRY_VERIFY(restored->isVisible());
    again->close();
}

void tst_MainWindow::shortcutsAreListed()
{
    App app(*m_server);
    app.window->showShortcuts();
    auto *table = app.window->findChild<QTableWidget *>(u"shortcutsTable"_s);
    QVERIFY(table);
    QStringList keys;
    for (int r = 0; r < table->rowCount(); ++r)
        keys.append(table->item(r, 1)->text());
    for (const QString &expected :
        { u"Ctrl+Shift+N"_s, u"Ctrl+E"_s, u"Ctrl+2"_s, u"Ctrl+F"_s, u"Ctrl+L"_s, u"F1"_s })
        QVERIFY2(keys.contains(expected), qPrintable(expected));
}

void tst_MainWindow::actionsDisabledWhileNotLive()
{
    App app(*m_server);
    QVERIFY(app.ready());
    QAction *assign = app.panel()->statusActions().at(1);
    QVERIFY(assign->isEnabled());
    m_server->kill();
    QTRY_VERIFY_WITH_TIMEOUT(!app.session.isLive(), 10000);
    QVERIFY(!assign->isEnabled());
    QCOMPARE(app.panel()->view()->editTriggers(), QAbstractItemView::NoEditTriggers);
    QVERIFY(app.panel()->freshnessLabel()->text().startsWith(u"Not live — as of "_s));
    QVERIFY(app.window->badge()->text() != u"● Live"_s);
    app.panel()->view()->selectRow(0);
    QVERIFY(!app.panel()->changeSelectedStatus(OrderStatus::Cancelled));

    // Other news may follow on the status bar (alerts the restarted server raised while this
    // app was away): every message is recorded, the reconnection must be one of them.
    QSignalSpy messages(app.window->statusBar(), &QStatusBar::messageChanged);
    QVERIFY(m_server->restart());
    QTRY_VERIFY_WITH_TIMEOUT(app.session.isLive(), 15000);
    QVERIFY(assign->isEnabled());
    QCOMPARE(app.panel()->freshnessLabel()->text(), u"● Live"_s);
    const auto toldReconnected = [&messages] {
        return std::any_of(messages.cbegin(), messages.cend(), [](const QList<QVariant> &args) {
            return args.at(0).toString().startsWith(u"Reconnected"_s);
        });
    };
    QTRY_VERIFY2(toldReconnected(), qPrintable(app.window->statusBar()->currentMessage()));
}

void tst_MainWindow::closingTheLastWindowQuits()
{
    App app(*m_server);
    QTRY_VERIFY(app.window->isVisible());
    MainWindow *second = app.windows.openWindow();
    QTRY_VERIFY(second->isVisible());
    QGuiApplication::setQuitOnLastWindowClosed(true);
    // Run the real event loop: closing one of two windows keeps it running, closing the last
    // one ends it with 0. A guard ends it with 1 if nothing quits.
    QPointer<MainWindow> first = app.window;
    QTimer::singleShot(0, second, [second] { second->close(); });
    QTimer::singleShot(300, qApp, [first] {
        if (first)
            first->close();
    });
    QTimer::singleShot(10000, qApp, [] { QCoreApplication::exit(1); });
    const int code = QCoreApplication::exec();
    QGuiApplication::setQuitOnLastWindowClosed(false);
    QCOMPARE(code, 0);
    QTRY_VERIFY(app.windows.windows().isEmpty()); // each window deleted itself
}

void tst_MainWindow::selectionFollowsAcrossPanels()
{
    App app(*m_server);
    QVERIFY(app.ready());
    MainWindow *w = app.window;
    // Orders table → order detail and map.
    const int row = app.rowWithStatus(u"assigned"_s);
    const QString id = app.idAt(row);
    app.panel()->view()->selectRow(row);
    QCOMPARE(w->detailPanel()->orderId(), id);
    QCOMPARE(w->mapPanel()->mapView()->selectedId(), id);
    QVERIFY(w->dock(u"orderDetailDock"_s)->isVisible());

    // Map → orders table (as a click on an order dot does).
    const int other = app.rowWithStatus(u"new"_s, 1);
    const QString otherId = app.idAt(other);
    Q_EMIT w->mapPanel()->orderActivated(otherId);
    QCOMPARE(app.panel()->currentOrderId(), otherId);
    QCOMPARE(w->detailPanel()->orderId(), otherId);

    // Drivers list → map.
    QTRY_VERIFY_WITH_TIMEOUT(w->driversPanel()->model()->rowCount() > 0, 10000);
    QTableView *drivers = w->driversPanel()->view();
    drivers->selectRow(0);
    const QString driver = w->driversPanel()->selectedDriver();
    QVERIFY(!driver.isEmpty());
    QCOMPARE(w->mapPanel()->mapView()->selectedId(), driver);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
