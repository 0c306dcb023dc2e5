#include <QJsonArray>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>
#include <QToolButton>

#include "keys/querykeys.h"
#include "models/alertstablemodel.h"
#include "panelfixture.h"
#include "ui/alertspanel.h"

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
    void acknowledgeResolveSnoozeAgainstServer();
    void refusedActionRollsBack();
    void actionsOffWhileNotLive();
    void newCriticalAlertNotifiesOnce();
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

QTEST_MAIN(tst_AlertsPanel)
#include "server/domain/alertservice.h"
#include "tst_alertspanel.moc"
