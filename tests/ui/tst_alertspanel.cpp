#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>
#include <QToolButton>

#include "keys/querykeys.h"
#include "models/alertstablemodel.h"
#include "models/alerttext.h"
#include "panelfixture.h"
#include "server/domain/alertservice.h"
#include "sync/awayalerts.h"
#include "ui/alertspanel.h"
#include "ui/awaybanner.h"
#include "ui/translations.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

Alert draft(const QString &subject, const QString &severity, const QString &region = u"north"_s)
{
    Alert a;
    a.kind = u"late_order"_s;
    a.severity = severity;
    a.subjectId = subject;
    a.region = region;
    a.message = u"%1 is late"_s.arg(subject);
    return a;
}

//! Selects \a id's row in the panel's view by clicking it.
bool clickRow(AlertsPanel &panel, const QString &id)
{
    QTableView *view = panel.view();
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        const QModelIndex index = view->model()->index(row, AlertsTableModel::MessageColumn);
        if (index.data(AlertsTableModel::IdRole).toString() == id) {
            QTest::mouseClick(
                view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
            return panel.selectedAlert() == id;
        }
    }
    return false;
}

//! An alert as the engine raises it: with code and params, raised at \a raised.
Alert worded(const QString &kind, const QString &order, const QString &customer, int minutes,
    const QString &severity, const QDateTime &raised = {})
{
    Alert a;
    a.kind = kind;
    a.code = kind;
    a.severity = severity;
    a.subjectId = order;
    a.region = u"north"_s;
    a.message = u"%1 (server text)"_s.arg(order);
    a.params = { { "orderId"_L1, order }, { "customer"_L1, customer }, { "minutes"_L1, minutes } };
    a.raisedAt = raised;
    return a;
}

//! The text of \a id's cell in \a column as the panel shows it.
QString cellText(AlertsPanel &panel, const QString &id, int column)
{
    QAbstractItemModel *model = panel.view()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(AlertsTableModel::IdRole).toString() == id)
            return model->index(row, column).data().toString();
    }
    return {};
}

QStringList cachedIds(const QueryClient &queries)
{
    QStringList ids;
    for (const QJsonValue &v : queries.queryData(QueryKeys::alertInbox()).toArray())
        ids.append(v.toObject().value("id"_L1).toString());
    return ids;
}

QString cachedStatus(const QueryClient &queries, const QString &id)
{
    for (const QJsonValue &v : queries.queryData(QueryKeys::alertInbox()).toArray()) {
        if (v.toObject().value("id"_L1).toString() == id)
            return v.toObject().value("status"_L1).toString();
    }
    return {};
}

} // namespace

class tst_AlertsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The app's English plural forms ("3 open alerts"), as the app installs them.
        QVERIFY(installTranslators(qApp, QLocale(QLocale::English, QLocale::UnitedStates)));
    }
    void acknowledgeResolveSnoozeAgainstServer();
    void refusedActionRollsBack();
    void actionsOffWhileNotLive();
    void newCriticalAlertNotifiesOnce();
    void openingAnAlertRecordsTheReceiptEveryoneSees();
    void awayListUntilLookedAt();
};

void tst_AlertsPanel::acknowledgeResolveSnoozeAgainstServer()
{
    PanelFixture f;
    QVERIFY(f.ok);
    Store &store = f.server.store();
    const QString a1 = store.alerts().raise(draft(u"ORD-00001"_s, u"critical"_s), u"t"_s).item->id;
    const QString a2 = store.alerts().raise(draft(u"ORD-00002"_s, u"warning"_s), u"t"_s).item->id;
    const QString a3 = store.alerts().raise(draft(u"ORD-00003"_s, u"warning"_s), u"t"_s).item->id;
    QVERIFY(f.goLive());
    AlertActions actions(&f.queries, &f.api);
    AlertsPanel panel(&f.queries, &actions);
    panel.resize(760, 320);
    panel.show();
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 3, 10000);
    // Most severe first.
    QCOMPARE(panel.view()->model()->index(0, 0).data(AlertsTableModel::IdRole).toString(), a1);
    PanelFixture::screenshot(&panel, u"alertspanel"_s);

    auto *ack = panel.findChild<QPushButton *>(u"acknowledgeButton"_s);
    auto *resolve = panel.findChild<QPushButton *>(u"resolveButton"_s);
    auto *snooze = panel.findChild<QToolButton *>(u"snoozeButton"_s);
    QVERIFY(ack && resolve && snooze);
    QVERIFY(!ack->isEnabled()); // nothing selected

    QSignalSpy settled(&panel, &AlertsPanel::actionSettled);
    QVERIFY(clickRow(panel, a1));
    QVERIFY(ack->isEnabled());
    QTest::mouseClick(ack, Qt::LeftButton);
    // Optimistic: the cache says acknowledged before the server answered.
    QCOMPARE(cachedStatus(f.queries, a1), u"acknowledged"_s);
    QTRY_COMPARE_WITH_TIMEOUT(settled.size(), 1, 5000);
    QCOMPARE(settled.first().at(1).toBool(), true);
    QCOMPARE(store.alerts().get(a1)->status, u"acknowledged"_s);

    QVERIFY(clickRow(panel, a2));
    QTest::mouseClick(resolve, Qt::LeftButton);
    QVERIFY(!cachedIds(f.queries).contains(a2)); // left the inbox at once
    QTRY_COMPARE_WITH_TIMEOUT(settled.size(), 2, 5000);
    QCOMPARE(store.alerts().get(a2)->status, u"resolved"_s);

    QVERIFY(clickRow(panel, a3));
    QTest::mouseClick(snooze, Qt::LeftButton);
    QVERIFY(!cachedIds(f.queries).contains(a3));
    QTRY_COMPARE_WITH_TIMEOUT(settled.size(), 3, 5000);
    QCOMPARE(settled.last().at(1).toBool(), true);
    QVERIFY(
        store.alerts().get(a3)->snoozedUntil > QDateTime::currentDateTimeUtc().addSecs(25 * 60));
    QCOMPARE(store.alerts().get(a3)->status, u"open"_s);
    // After the refetch the server's list agrees: a3 stays hidden, a1 acknowledged.
    QTRY_VERIFY_WITH_TIMEOUT(!f.queries.state(QueryKeys::alertInbox()).isFetching(), 5000);
    QCOMPARE(panel.model()->rowCount(), 1);
    QCOMPARE(panel.model()->idAt(0), a1);
}

void tst_AlertsPanel::refusedActionRollsBack()
{
    PanelFixture f;
    QVERIFY(f.ok);
    Store &store = f.server.store();
    const QString id = store.alerts().raise(draft(u"ORD-00001"_s, u"critical"_s), u"t"_s).item->id;
    // No live socket here: the panel's cached copy stays at version 1 while the server moves on.
    AlertActions actions(&f.queries, &f.api);
    AlertsPanel panel(&f.queries, &actions);
    panel.show();
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 1, 10000);
    QVERIFY(AlertService(store).setStatus(id, u"acknowledged"_s, std::nullopt, u"other"_s).ok());

    QSignalSpy failed(&panel, &AlertsPanel::actionFailed);
    QSignalSpy rows(panel.model(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(panel.model(), &QAbstractItemModel::rowsInserted);
    QVERIFY(clickRow(panel, id));
    QVERIFY(panel.run(AlertsPanel::Action::Resolve, id));
    QVERIFY(!cachedIds(f.queries).contains(id)); // optimistic removal, before any answer
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 5000);
    QVERIFY(failed.first().at(1).toString().contains(u"version"_s)); // 409: stale If-Match
    // Rolled back (then refetched: the server's acknowledged row).
    QTRY_VERIFY(panel.model()->rowOf(id) >= 0);
    QCOMPARE(store.alerts().get(id)->status, u"acknowledged"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        panel.model()->rowAt(panel.model()->rowOf(id)).value("status"_L1).toString(),
        u"acknowledged"_s, 5000);
}

void tst_AlertsPanel::actionsOffWhileNotLive()
{
    PanelFixture f;
    QVERIFY(f.ok);
    const QString id =
        f.server.store().alerts().raise(draft(u"ORD-00001"_s, u"warning"_s), u"t"_s).item->id;
    AlertActions actions(&f.queries, &f.api);
    AlertsPanel panel(&f.queries, &actions);
    panel.show();
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 1, 10000);
    QVERIFY(clickRow(panel, id));
    auto *resolve = panel.findChild<QPushButton *>(u"resolveButton"_s);
    QVERIFY(resolve->isEnabled());
    panel.setActionsEnabled(false);
    panel.setFreshness(false, QDateTime::currentDateTimeUtc());
    QVERIFY(!resolve->isEnabled());
    QVERIFY(!panel.run(AlertsPanel::Action::Resolve, id));
    QVERIFY(panel.freshnessText().contains(u"as of"_s));
    PanelFixture::screenshot(&panel, u"alertspanel-stale"_s);
    panel.setActionsEnabled(true);
    QVERIFY(resolve->isEnabled());
}

void tst_AlertsPanel::newCriticalAlertNotifiesOnce()
{
    PanelFixture f;
    QVERIFY(f.ok);
    Store &store = f.server.store();
    QVERIFY(store.alerts().raise(draft(u"ORD-00001"_s, u"critical"_s), u"t"_s).ok());
    QVERIFY(f.goLive());
    AlertActions actions(&f.queries, &f.api);
    AlertsPanel panel(&f.queries, &actions);
    QSignalSpy notified(&panel, &AlertsPanel::alertNotified);
    QSignalSpy status(&panel, &AlertsPanel::statusMessage);
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 1, 10000);
    QCOMPARE(notified.size(), 0); // present at the first load
    QVERIFY(store.alerts().raise(draft(u"ORD-00002"_s, u"warning"_s), u"t"_s).ok());
    const QString critical =
        store.alerts().raise(draft(u"ORD-00003"_s, u"critical"_s), u"t"_s).item->id;
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 3, 5000);
    QTRY_COMPARE(notified.size(), 1);
    QCOMPARE(notified.first().at(0).toString(), critical);
    QVERIFY(!status.isEmpty()); // no tray here: the status bar says it
    // More events (the alert acknowledged elsewhere) do not repeat it.
    QVERIFY(AlertService(store).setStatus(critical, u"acknowledged"_s, std::nullopt, u"x"_s).ok());
    QTRY_COMPARE_WITH_TIMEOUT(
        panel.model()->rowAt(panel.model()->rowOf(critical)).value("status"_L1).toString(),
        u"acknowledged"_s, 5000);
    QCOMPARE(notified.size(), 1);
}

void tst_AlertsPanel::openingAnAlertRecordsTheReceiptEveryoneSees()
{
    PanelFixture f;
    QVERIFY(f.ok);
    Store &store = f.server.store();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString overdue = store.alerts()
                                .raise(worded(u"overdue_order"_s, u"ORD-00007"_s, u"Acme Bakery"_s,
                                           12, u"critical"_s, now.addSecs(-600)),
                                    u"t"_s)
                                .item->id;
    const QString late = store.alerts()
                             .raise(worded(u"late_order"_s, u"ORD-00012"_s, u"Nordhafen Kiosk"_s, 9,
                                        u"warning"_s, now.addSecs(-300)),
                                 u"t"_s)
                             .item->id;
    const QString unassigned =
        store.alerts()
            .raise(worded(u"unassigned_order"_s, u"ORD-00015"_s, u"Café Lindenhof"_s, 22,
                       u"warning"_s, now.addSecs(-120)),
                u"t"_s)
            .item->id;
    // Two colleagues have looked already; one acknowledged.
    AlertService service(store);
    QVERIFY(service.markSeen(overdue, u"ann"_s).ok());
    QVERIFY(service.markSeen(overdue, u"ben"_s).ok());
    QVERIFY(service.setStatus(overdue, u"acknowledged"_s, std::nullopt, u"ben"_s).ok());
    QVERIFY(service.markSeen(late, u"ann"_s).ok());
    QVERIFY(f.goLive());
    AlertActions actions(&f.queries, &f.api);
    actions.setUser(u"manager"_s);
    AlertsPanel panel(&f.queries, &actions);
    panel.resize(1100, 260);
    panel.show();
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 3, 10000);
    // Worded by the client from code and params, not the server's text.
    QCOMPARE(cellText(panel, overdue, AlertsTableModel::MessageColumn),
        u"ORD-00007 for Acme Bakery is 12 min overdue"_s);
    const QString ackTime =
        store.alerts().get(overdue)->acknowledgedAt.toLocalTime().toString(u"HH:mm"_s);
    QCOMPARE(cellText(panel, overdue, AlertsTableModel::ReceiptsColumn),
        u"seen by ann, ben · acknowledged by ben %1"_s.arg(ackTime));
    QCOMPARE(cellText(panel, unassigned, AlertsTableModel::ReceiptsColumn), QString());

    // Opening (clicking) an alert is a receipt, recorded once, and the inbox shows it.
    QSignalSpy seen(&actions, &AlertActions::seenSettled);
    QVERIFY(clickRow(panel, late));
    QTRY_COMPARE_WITH_TIMEOUT(seen.size(), 1, 5000);
    QVERIFY(seen.first().at(1).toBool());
    QCOMPARE(store.alerts().get(late)->seenBy.size(), 2);
    QCOMPARE(store.alerts().get(late)->seenBy.last().user, u"manager"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        cellText(panel, late, AlertsTableModel::ReceiptsColumn), u"seen by ann, manager"_s, 5000);
    const qint64 version = store.alerts().get(late)->version;
    QVERIFY(clickRow(panel, unassigned));
    QVERIFY(clickRow(panel, late)); // again: no second receipt
    QTRY_COMPARE_WITH_TIMEOUT(seen.size(), 2, 5000);
    QCOMPARE(store.alerts().get(late)->version, version);
    QTRY_COMPARE_WITH_TIMEOUT(
        cellText(panel, unassigned, AlertsTableModel::ReceiptsColumn), u"seen by manager"_s, 5000);
    // Highlighting an alert for an order chosen elsewhere is not opening it.
    const QString other = store.alerts()
                              .raise(worded(u"late_order"_s, u"ORD-00020"_s, u"Hafenbar"_s, 4,
                                         u"warning"_s, now.addSecs(-60)),
                                  u"t"_s)
                              .item->id;
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 4, 5000);
    panel.selectOrder(u"ORD-00020"_s);
    QCOMPARE(panel.selectedAlert(), other);
    QVERIFY(!actions.markSeen(u""_s));
    QVERIFY(store.alerts().get(other)->seenBy.isEmpty());
    panel.view()->clearSelection();
    panel.view()->selectionModel()->clearCurrentIndex();
    PanelFixture::screenshot(&panel, u"alertspanel-receipts"_s);
}

void tst_AlertsPanel::awayListUntilLookedAt()
{
    PanelFixture f(u"demo-dispatcher"_s);
    QVERIFY(f.ok);
    Store &store = f.server.store();
    const QDateTime t0 = QDateTime::currentDateTimeUtc().addSecs(-3600);
    QDateTime now = t0;
    AwayAlerts away(&f.api);
    away.setClock([&now] { return now; });
    away.setIdentity(f.api.baseUrl(), u"dispatcher-%1"_s.arg(QCoreApplication::applicationPid()));
    AlertActions actions(&f.queries, &f.api);
    actions.setUser(u"dispatcher"_s);
    AlertsPanel panel(&f.queries, &actions);
    panel.setAwayAlerts(&away);
    panel.resize(1100, 400);
    panel.show();
    AwayBanner *banner = panel.awayBanner();
    QVERIFY(banner);
    QVERIFY(!banner->isVisible()); // nothing to look at

    // Live until t0 + 1 min, then away (lunch) while alerts come.
    away.setLive(true);
    away.setLive(false, t0.addSecs(60));
    QVERIFY(store.alerts()
                .raise(worded(u"late_order"_s, u"ORD-00003"_s, u"Seeblick Hotel"_s, 14,
                           u"warning"_s, t0.addSecs(30)),
                    u"t"_s)
                .ok()); // before: seen live
    const QString first = store.alerts()
                              .raise(worded(u"overdue_order"_s, u"ORD-00007"_s, u"Acme Bakery"_s, 6,
                                         u"critical"_s, t0.addSecs(600)),
                                  u"t"_s)
                              .item->id;
    const QString second = store.alerts()
                               .raise(worded(u"unassigned_order"_s, u"ORD-00015"_s,
                                          u"Café Lindenhof"_s, 25, u"warning"_s, t0.addSecs(1500)),
                                   u"t"_s)
                               .item->id;
    const QString third = store.alerts()
                              .raise(worded(u"late_order"_s, u"ORD-00018"_s, u"Nordhafen Kiosk"_s,
                                         11, u"warning"_s, t0.addSecs(2400)),
                                  u"t"_s)
                              .item->id;
    QVERIFY(f.goLive());
    QSignalSpy status(&panel, &AlertsPanel::statusMessage);
    now = t0.addSecs(3000);
    away.setLive(true); // back from lunch
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 5000);
    QCOMPARE(banner->list()->count(), 3);
    QVERIFY(banner->title().contains(u"3 open alerts"_s));
    QVERIFY(banner->title().contains(t0.addSecs(60).toLocalTime().toString(u"HH:mm"_s)));
    QVERIFY(
        banner->list()->item(0)->text().contains(u"ORD-00007 for Acme Bakery is 6 min overdue"_s));
    QTRY_VERIFY(!status.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 4, 10000);
    // Not merged into the inbox's data: the inbox has its four, the band its three.
    QCOMPARE(cachedIds(f.queries).size(), 4);
    PanelFixture::screenshot(&panel, u"alertspanel-away"_s);

    // Clicking one opens it in the inbox: selected, seen, off the band.
    QListWidget *list = banner->list();
    QTest::mouseClick(
        list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(1)).center());
    QCOMPARE(panel.selectedAlert(), second);
    QTRY_COMPARE(list->count(), 2);
    QVERIFY(!away.contains(second));
    QTRY_COMPARE_WITH_TIMEOUT(store.alerts().get(second)->seenBy.size(), 1, 5000);
    QCOMPARE(store.alerts().get(second)->seenBy.first().user, u"dispatcher"_s);
    // Selecting one in the inbox takes it off the band too.
    QVERIFY(clickRow(panel, first));
    QTRY_COMPARE(list->count(), 1);
    // "Looked at all": the band goes; the alerts stay in the inbox.
    auto *dismiss = banner->findChild<QPushButton *>(u"awayDismissButton"_s);
    QVERIFY(dismiss);
    QTest::mouseClick(dismiss, Qt::LeftButton);
    QTRY_VERIFY(!banner->isVisible());
    QVERIFY(away.alerts().isEmpty());
    QVERIFY(cachedIds(f.queries).contains(third));
    QVERIFY(store.alerts().get(third)->seenBy.isEmpty()); // dismissed, not opened
}

QTEST_MAIN(tst_AlertsPanel)
#include "server/domain/alertservice.h"
#include "tst_alertspanel.moc"
