#include <QAbstractItemModelTester>
#include <QBrush>
#include <QFont>
#include <QJsonArray>
#include <QLocale>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

#include "models/orderstablemodel.h"
#include "query/mutation.h"
#include "query/queryclient.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

Order makeOrder(int n, OrderStatus status = OrderStatus::New, qint64 version = 1)
{
    Order o;
    o.id = u"ORD-%1"_s.arg(n, 5, 10, QChar(u'0'));
    o.customer = u"Customer %1"_s.arg(n);
    o.region = u"north"_s;
    o.pickup = u"Depot"_s;
    o.dropoff = u"Street %1"_s.arg(n);
    o.status = status;
    o.amountCents = 1000 + n;
    o.dueAt = QDateTime::fromMSecsSinceEpoch(1'800'000'000'000 + n * 60000, Qt::UTC);
    o.updatedAt = QDateTime::fromMSecsSinceEpoch(1'799'000'000'000, Qt::UTC);
    o.version = version;
    return o;
}

QJsonArray toJson(const QList<Order> &orders)
{
    QJsonArray array;
    for (const Order &o : orders)
        array.append(o.toJson());
    return array;
}

} // namespace

class tst_OrdersTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fillsFromCache();
    void changedRowIsOneDataChangedWithRoles();
    void removesAndInsertsExactRanges();
    void manyChangesAreOneSpanningDataChanged();
    void malformedSnapshotKeepsRows();
    void refetchWithOneChangedRowUsesTheChangeSet();
    void changedAtOnlyForChangesAfterTheFirstFill();
    void pendingComesFromTheQueryLayer();
    void indexIsRightWhenRowsRemovedIsEmitted();
    void lateAndAge();
    void countdownRunsOnTheServersClock();
    void tickChangesOnlyTheCountdownColumn();
    void countdownSortsByTimeLeft();
    void etaShowsLatenessAndEstimate();
    void atRiskIsTheServersPredicate();
};

void tst_OrdersTableModel::fillsFromCache()
{
    QueryClient client;
    const QueryKey key { u"orders"_s };
    client.setQueryData(key, toJson({ makeOrder(1), makeOrder(2) }));
    OrdersTableModel model(&client, key);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(OrdersTableModel::ColumnCount));
    QCOMPARE(model.index(0, OrdersTableModel::IdColumn).data().toString(), u"ORD-00001"_s);
    QCOMPARE(model.index(1, OrdersTableModel::StatusColumn)
                 .data(OrdersTableModel::StatusRole)
                 .toString(),
        u"new"_s);
}

void tst_OrdersTableModel::changedRowIsOneDataChangedWithRoles()
{
    QueryClient client;
    const QueryKey key { u"orders"_s };
    QList<Order> orders;
    for (int i = 1; i <= 100; ++i)
        orders.append(makeOrder(i));
    client.setQueryData(key, toJson(orders));
    OrdersTableModel model(&client, key);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

    orders[41] = makeOrder(42, OrderStatus::Assigned, 2);
    client.setQueryData(key, toJson(orders));
    QTRY_COMPARE(changed.size(), 1);
    const QModelIndex topLeft = changed.at(0).at(0).toModelIndex();
    const QModelIndex bottomRight = changed.at(0).at(1).toModelIndex();
    QCOMPARE(topLeft.row(), 41);
    QCOMPARE(bottomRight.row(), 41);
    QCOMPARE(topLeft.column(), int(OrdersTableModel::StatusColumn));
    QCOMPARE(bottomRight.column(), int(OrdersTableModel::StatusColumn));
    const auto roles = changed.at(0).at(2).value<QList<int>>();
    QVERIFY(roles.contains(Qt::DisplayRole));
    QVERIFY(roles.contains(OrdersTableModel::StatusRole));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(model.index(41, OrdersTableModel::StatusColumn)
                 .data(OrdersTableModel::StatusRole)
                 .toString(),
        u"assigned"_s);
}

void tst_OrdersTableModel::removesAndInsertsExactRanges()
{
    QueryClient client;
    const QueryKey key { u"orders"_s };
    QList<Order> orders;
    for (int i = 1; i <= 10; ++i)
        orders.append(makeOrder(i));
    client.setQueryData(key, toJson(orders));
    OrdersTableModel model(&client, key);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelAboutToBeReset);

    // Remove rows 2,3 (ids 3,4) and 7 (id 8); add two new orders.
    QList<Order> next;
    for (const Order &o : orders) {
        if (o.id != u"ORD-00003"_s && o.id != u"ORD-00004"_s && o.id != u"ORD-00008"_s)
            next.append(o);
    }
    next.append(makeOrder(11));
    next.append(makeOrder(12));
    client.setQueryData(key, toJson(next));
    QTRY_COMPARE(inserted.size(), 1);
    QCOMPARE(removed.size(), 2);
    // Highest range first, so the earlier row numbers stay valid.
    QCOMPARE(removed.at(0).at(1).toInt(), 7);
    QCOMPARE(removed.at(0).at(2).toInt(), 7);
    QCOMPARE(removed.at(1).at(1).toInt(), 2);
    QCOMPARE(removed.at(1).at(2).toInt(), 3);
    QCOMPARE(inserted.at(0).at(1).toInt(), 7);
    QCOMPARE(inserted.at(0).at(2).toInt(), 8);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.rowCount(), 9);
    QCOMPARE(model.rowOf(u"ORD-00012"_s), 8);
    QCOMPARE(model.rowOf(u"ORD-00009"_s), 5);
    QCOMPARE(model.rowOf(u"ORD-00003"_s), -1);
}

void tst_OrdersTableModel::manyChangesAreOneSpanningDataChanged()
{
    QueryClient client;
    const QueryKey key { u"orders"_s };
    QList<Order> orders;
    for (int i = 1; i <= 10; ++i)
        orders.append(makeOrder(i));
    client.setQueryData(key, toJson(orders));
    OrdersTableModel model(&client, key);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    for (int i = 0; i < 8; ++i) {
        orders[i].status = OrderStatus::Assigned;
        orders[i].version = 2; // as the server writes it
    }
    client.setQueryData(key, toJson(orders));
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 9);
}

void tst_OrdersTableModel::malformedSnapshotKeepsRows()
{
    QueryClient client;
    const QueryKey key { u"orders"_s };
    client.setQueryData(key, toJson({ makeOrder(1) }));
    OrdersTableModel model(&client, key);
    QSignalSpy rejected(&model, &OrdersTableModel::snapshotRejected);
    QJsonArray bad = toJson({ makeOrder(1) });
    bad.append(QJsonObject { { "id"_L1, 5 } });
    client.setQueryData(key, bad);
    QVERIFY(rejected.wait(1000));
    QCOMPARE(model.rowCount(), 1);
}

void tst_OrdersTableModel::refetchWithOneChangedRowUsesTheChangeSet()
{
    QList<Order> orders;
    for (int i = 1; i <= 10000; ++i)
        orders.append(makeOrder(i));
    QJsonArray answer = toJson(orders);
    QueryClient client;
    client.setDefaultQueryFn([&answer](const QueryContext &ctx) { ctx.resolve(answer); });
    const QueryKey key { u"orders"_s };
    OrdersTableModel model(&client, key);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_COMPARE(model.rowCount(), 10000);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    orders[4999] = makeOrder(5000, OrderStatus::Delivered, 2);
    answer = toJson(orders); // a fresh 10k-row answer: one row differs
    client.refetchQueries();
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 4999);
    QCOMPARE(changed.at(0).at(0).toModelIndex().column(), int(OrdersTableModel::StatusColumn));
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(model.index(4999, 0).data(OrdersTableModel::VersionRole).toLongLong(), 2);
}

void tst_OrdersTableModel::changedAtOnlyForChangesAfterTheFirstFill()
{
    QueryClient client;
    const QueryKey key { u"orders"_s };
    QList<Order> orders { makeOrder(1), makeOrder(2), makeOrder(3) };
    client.setQueryData(key, toJson(orders));
    OrdersTableModel model(&client, key);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int r = 0; r < 3; ++r)
        QCOMPARE(model.index(r, 0).data(OrdersTableModel::ChangedAtRole).toLongLong(), 0);
    QCOMPARE(model.lastChangeAt(), 0);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    orders[1] = makeOrder(2, OrderStatus::Assigned, 2);
    orders.append(makeOrder(4));
    client.setQueryData(key, toJson(orders));
    QTRY_COMPARE(model.rowCount(), 4);
    QCOMPARE(changed.size(), 1);
    QVERIFY(changed.at(0).at(2).value<QList<int>>().contains(OrdersTableModel::ChangedAtRole));
    const qint64 at = model.index(1, 0).data(OrdersTableModel::ChangedAtRole).toLongLong();
    QVERIFY(at > 0);
    QVERIFY(at <= OrdersTableModel::steadyNowMs());
    QCOMPARE(model.index(0, 0).data(OrdersTableModel::ChangedAtRole).toLongLong(), 0);
    QVERIFY(model.index(3, 0).data(OrdersTableModel::ChangedAtRole).toLongLong() > 0); // new row
    QCOMPARE(model.lastChangeAt(), at);
}

void tst_OrdersTableModel::pendingComesFromTheQueryLayer()
{
    // An optimistic write (a mutation's layer) shows as pending; nothing in the data says so.
    QueryClient client;
    const QueryKey key { u"orders"_s };
    client.setQueryData(key, toJson({ makeOrder(1), makeOrder(2) }));
    OrdersTableModel model(&client, key);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QList<QueryContext> server;
    MutationOptions o;
    o.onMutate = [&](const QJsonValue &) -> QJsonValue {
        client.setQueryData(key, toJson({ makeOrder(1), makeOrder(2, OrderStatus::Assigned) }));
        return {};
    };
    o.mutationFn = [&server](const QJsonValue &, const QueryContext &ctx) { server.append(ctx); };
    Mutation mutation(&client, o);
    mutation.mutate();
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().column(), int(OrdersTableModel::StatusColumn));
    QVERIFY(changed.at(0).at(2).value<QList<int>>().contains(OrdersTableModel::PendingRole));
    QVERIFY(model.isPending(1));
    QVERIFY(!model.isPending(0));
    QCOMPARE(
        model.index(1, OrdersTableModel::StatusColumn).data().toString(), u"Assigned (pending)"_s);
    QVERIFY(!toJson(model.orders()).at(1).toObject().contains("_pending"_L1));
    QCOMPARE(model.index(1, OrdersTableModel::StatusColumn).data(Qt::AccessibleTextRole).toString(),
        u"Assigned (pending)"_s);
    QVERIFY(model.index(1, OrdersTableModel::StatusColumn)
                .data(Qt::AccessibleDescriptionRole)
                .toString()
                .contains(u"waiting for the server"_s));
    // Confirmed: the same status, no longer pending, is still a change (the mark goes away).
    server.at(0).resolve(QJsonObject {});
    QTRY_COMPARE(changed.size(), 2);
    QVERIFY(!model.isPending(1));
    QCOMPARE(model.index(1, OrdersTableModel::StatusColumn).data().toString(), u"Assigned"_s);
}

void tst_OrdersTableModel::indexIsRightWhenRowsRemovedIsEmitted()
{
    // A view that reacts to rowsRemoved (the order detail panel) looks its order up again: the
    // id index must already describe the rows that are left.
    QueryClient client;
    const QueryKey key { u"orders"_s };
    QList<Order> orders;
    for (int i = 1; i <= 5; ++i)
        orders.append(makeOrder(i));
    client.setQueryData(key, toJson(orders));
    OrdersTableModel model(&client, key);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QString seen;
    connect(&model, &QAbstractItemModel::rowsRemoved, this, [&] {
        const int row = model.rowOf(u"ORD-00004"_s);
        seen = row >= 0 ? model.orders().at(row).id : QString();
    });
    orders.removeAt(1); // a row above ORD-00004
    client.setQueryData(key, toJson(orders));
    QTRY_VERIFY(!seen.isEmpty());
    QCOMPARE(seen, u"ORD-00004"_s);
}

void tst_OrdersTableModel::lateAndAge()
{
    QueryClient client;
    const QueryKey key { u"orders"_s };
    Order late = makeOrder(1, OrderStatus::Assigned);
    late.dueAt = QDateTime::currentDateTimeUtc().addSecs(-600);
    late.updatedAt = QDateTime::currentDateTimeUtc().addSecs(-12);
    Order done = makeOrder(2, OrderStatus::Delivered);
    done.dueAt = late.dueAt;
    Order future = makeOrder(3);
    future.dueAt = QDateTime::currentDateTimeUtc().addSecs(600);
    client.setQueryData(key, toJson({ late, done, future }));
    OrdersTableModel model(&client, key);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.index(0, 0).data(OrdersTableModel::LateRole).toBool());
    QVERIFY(!model.index(1, 0).data(OrdersTableModel::LateRole).toBool()); // final
    QVERIFY(!model.index(2, 0).data(OrdersTableModel::LateRole).toBool());
    // Red and bold on screen; in words for a screen reader.
    const QModelIndex due = model.index(0, OrdersTableModel::DueColumn);
    QCOMPARE(due.data(Qt::AccessibleTextRole).toString(),
        u"%1 (late)"_s.arg(due.data(Qt::DisplayRole).toString()));
    QVERIFY(due.data(Qt::AccessibleDescriptionRole).toString().contains(u"is late"_s));
    QCOMPARE(model.index(2, OrdersTableModel::DueColumn).data(Qt::AccessibleTextRole),
        model.index(2, OrdersTableModel::DueColumn).data(Qt::DisplayRole));
    const QString age = model.index(0, OrdersTableModel::AgeColumn).data().toString();
    QVERIFY2(age == u"12 s"_s || age == u"13 s"_s, qPrintable(age));
    QCOMPARE(OrdersTableModel::ageText(59), u"59 s"_s);
    QCOMPARE(OrdersTableModel::ageText(60), u"1 min"_s);
    QCOMPARE(OrdersTableModel::ageText(7200), u"2 h"_s);
    QCOMPARE(OrdersTableModel::ageText(200000), u"2 d"_s);
    // Editable status only while the order is open.
    QVERIFY(model.flags(model.index(0, OrdersTableModel::StatusColumn)) & Qt::ItemIsEditable);
    QVERIFY(!(model.flags(model.index(1, OrdersTableModel::StatusColumn)) & Qt::ItemIsEditable));
    QVERIFY(!(model.flags(model.index(0, OrdersTableModel::CustomerColumn)) & Qt::ItemIsEditable));
}

void tst_OrdersTableModel::countdownRunsOnTheServersClock()
{
    QueryClient client;
    const QueryKey key { u"orders"_s };
    const QDateTime local = QDateTime(QDate(2026, 11, 22), QTime(9, 0), Qt::UTC);
    QDateTime now = local;
    Order soon = makeOrder(1, OrderStatus::Assigned);
    soon.dueAt = local.addSecs(20 * 60); // 20 min on the local clock
    Order done = makeOrder(2, OrderStatus::Delivered);
    done.dueAt = local.addSecs(-60);
    client.setQueryData(key, toJson({ soon, done }));
    OrdersTableModel model(&client, key);
    model.setLocalClock([&now] { return now; });
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QModelIndex left = model.index(0, OrdersTableModel::LeftColumn);
    QCOMPARE(left.data().toString(), u"20 min"_s);
    QCOMPARE(left.data(OrdersTableModel::SecondsLeftRole).toLongLong(), 1200);
    QCOMPARE(left.data(OrdersTableModel::RiskRole).toInt(), int(OrdersTableModel::Risk::None));
    QVERIFY(!left.data(Qt::ForegroundRole).isValid());
    // A finished order has no countdown.
    QCOMPARE(model.index(1, OrdersTableModel::LeftColumn).data().toString(), QString());
    QVERIFY(!model.index(1, OrdersTableModel::LeftColumn)
                 .data(OrdersTableModel::SecondsLeftRole)
                 .isValid());

    // The server's clock is 6 min ahead of this one: 14 min left, under the 15 min threshold.
    QSignalSpy clockChanged(&model, &OrdersTableModel::serverClockChanged);
    model.setServerClock(6 * 60 * 1000, 15);
    QCOMPARE(clockChanged.size(), 1);
    QCOMPARE(model.serverNow(), local.addSecs(6 * 60));
    QCOMPARE(left.data().toString(), u"14 min"_s);
    QCOMPARE(left.data(OrdersTableModel::RiskRole).toInt(), int(OrdersTableModel::Risk::AtRisk));
    QVERIFY(left.data(OrdersTableModel::AtRiskRole).toBool());
    const QColor amber = left.data(Qt::ForegroundRole).value<QBrush>().color();
    QVERIFY(amber.isValid());
    QCOMPARE(left.data(Qt::AccessibleTextRole).toString(), u"14 min left, at risk"_s);
    // A smaller threshold from the server: no longer at risk.
    model.setServerClock(6 * 60 * 1000, 10);
    QCOMPARE(left.data(OrdersTableModel::RiskRole).toInt(), int(OrdersTableModel::Risk::None));
    model.setServerClock(6 * 60 * 1000, 10); // nothing new: no signal
    QCOMPARE(clockChanged.size(), 2);

    // Time passes on the injected clock: under a minute, then late (red, bold, in words).
    now = local.addSecs(13 * 60 + 30);
    QCOMPARE(left.data().toString(), u"30 s"_s);
    now = local.addSecs(18 * 60);
    QVERIFY(left.data(OrdersTableModel::LateRole).toBool());
    QCOMPARE(left.data().toString(), u"4 min late"_s);
    QCOMPARE(left.data(OrdersTableModel::SecondsLeftRole).toLongLong(), -240);
    QCOMPARE(left.data(OrdersTableModel::RiskRole).toInt(), int(OrdersTableModel::Risk::Late));
    QVERIFY(left.data(Qt::ForegroundRole).value<QBrush>().color() != amber);
    QVERIFY(left.data(Qt::FontRole).value<QFont>().bold());
    QCOMPARE(left.data(Qt::AccessibleTextRole).toString(), u"4 min late"_s);
    QVERIFY(model.index(0, OrdersTableModel::DueColumn).data(OrdersTableModel::LateRole).toBool());

    QCOMPARE(OrdersTableModel::leftText(3600 + 5 * 60 + 7), u"1 h 05 min"_s);
    QCOMPARE(OrdersTableModel::leftText(-30), u"30 s late"_s);
    QCOMPARE(OrdersTableModel::leftText(2 * 86400), u"2 d"_s);
}

void tst_OrdersTableModel::tickChangesOnlyTheCountdownColumn()
{
    QueryClient client;
    const QueryKey key { u"orders"_s };
    QList<Order> orders;
    for (int i = 1; i <= 1000; ++i)
        orders.append(makeOrder(i));
    client.setQueryData(key, toJson(orders));
    OrdersTableModel model(&client, key);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.tick();
    QCOMPARE(changed.size(), 1);
    const QModelIndex from = changed.first().at(0).toModelIndex();
    const QModelIndex to = changed.first().at(1).toModelIndex();
    QCOMPARE(from.column(), int(OrdersTableModel::LeftColumn));
    QCOMPARE(to.column(), int(OrdersTableModel::LeftColumn));
    QCOMPARE(from.row(), 0);
    QCOMPARE(to.row(), 999);
    const auto roles = changed.first().at(2).value<QList<int>>();
    QVERIFY(roles.contains(Qt::DisplayRole));
    QVERIFY(roles.contains(Qt::ForegroundRole));
    // The sort key does not move with the clock: a sorting proxy is not woken every second.
    QVERIFY(!roles.contains(OrdersTableModel::SortRole));
}

void tst_OrdersTableModel::countdownSortsByTimeLeft()
{
    QueryClient client;
    const QueryKey key { u"orders"_s };
    const QDateTime now = QDateTime(QDate(2026, 11, 22), QTime(9, 0), Qt::UTC);
    // Time left 1 h 05 min, 9 min, late 2 min, finished: text order would put "1 h" first and
    // "2 min late" before "9 min".
    Order a = makeOrder(1);
    a.dueAt = now.addSecs(65 * 60);
    Order b = makeOrder(2);
    b.dueAt = now.addSecs(9 * 60);
    Order c = makeOrder(3, OrderStatus::InTransit);
    c.dueAt = now.addSecs(-2 * 60);
    Order d = makeOrder(4, OrderStatus::Delivered);
    d.dueAt = now.addSecs(-30 * 60);
    client.setQueryData(key, toJson({ a, b, c, d }));
    OrdersTableModel model(&client, key);
    model.setLocalClock([now] { return now; });
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(OrdersTableModel::SortRole);
    proxy.sort(OrdersTableModel::LeftColumn, Qt::AscendingOrder);
    QStringList ids;
    for (int row = 0; row < proxy.rowCount(); ++row)
        ids.append(proxy.index(row, 0).data().toString());
    QCOMPARE(ids, (QStringList { c.id, b.id, a.id, d.id })); // least time left first, done last
}

void tst_OrdersTableModel::etaShowsLatenessAndEstimate()
{
    QueryClient client;
    const QueryKey key { u"orders"_s };
    // Local noon, so every ETA below falls on the same local day as "now" in any time zone
    // (the real clock failed this test when run shortly before midnight).
    const QDateTime now = QDateTime(QDate(2026, 11, 22), QTime(12, 0)).toUTC();
    Order late = makeOrder(1, OrderStatus::InTransit);
    late.driverId = u"DRV-001"_s;
    late.dueAt = now.addSecs(30 * 60);
    late.etaAt = late.dueAt.addSecs(5 * 60 + 20); // 5 min 20 s after due: "+6 min"
    late.etaEstimate = true;
    Order onTime = makeOrder(2, OrderStatus::Assigned);
    onTime.driverId = u"DRV-002"_s;
    onTime.dueAt = now.addSecs(60 * 60);
    onTime.etaAt = onTime.dueAt.addSecs(-600);
    onTime.etaEstimate = false;
    Order none = makeOrder(3);
    none.dueAt = now.addSecs(3600);
    client.setQueryData(key, toJson({ late, onTime, none }));
    OrdersTableModel model(&client, key);
    model.setLocalClock([now] { return now; });
    const auto hhmm = [](const QDateTime &t) {
        return QLocale().toString(t.toLocalTime().time(), u"HH:mm"_s);
    };
    const QModelIndex eta = model.index(0, OrdersTableModel::EtaColumn);
    QCOMPARE(eta.data().toString(), u"≈ %1 (+6 min)"_s.arg(hhmm(late.etaAt)));
    QVERIFY(eta.data(Qt::ForegroundRole).isValid()); // predicted late: amber
    QVERIFY(eta.data(Qt::ToolTipRole).toString().contains(u"6 min after its due time"_s));
    QVERIFY(eta.data(Qt::ToolTipRole).toString().contains(u"estimate"_s));
    QCOMPARE(OrdersTableModel::minutesLateByEta(late), 6);
    // Predicted late is at risk though due in 30 min (beyond the 15 min threshold).
    QCOMPARE(model.index(0, OrdersTableModel::LeftColumn).data(OrdersTableModel::RiskRole).toInt(),
        int(OrdersTableModel::Risk::AtRisk));
    const QModelIndex routed = model.index(1, OrdersTableModel::EtaColumn);
    QCOMPARE(routed.data().toString(), hhmm(onTime.etaAt)); // on time: no "+", routed: no "≈"
    QVERIFY(!routed.data(Qt::ForegroundRole).isValid());
    QCOMPARE(model.index(2, OrdersTableModel::EtaColumn).data().toString(), QString());
    QVERIFY(model.index(2, OrdersTableModel::EtaColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(u"no driver"_s));
    // Sorted by the ETA itself, orders without one last.
    QVERIFY(routed.data(OrdersTableModel::SortRole).toLongLong()
        > eta.data(OrdersTableModel::SortRole).toLongLong());
    QVERIFY(
        model.index(2, OrdersTableModel::EtaColumn).data(OrdersTableModel::SortRole).toLongLong()
        > routed.data(OrdersTableModel::SortRole).toLongLong());

    // An ETA patched in by an event changes the ETA column of that row.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    Order patched = onTime;
    patched.etaAt = onTime.dueAt.addSecs(120);
    patched.version = 2;
    client.setQueryData(key, toJson({ late, patched, none }));
    QTRY_COMPARE(routed.data().toString(), u"%1 (+2 min)"_s.arg(hhmm(patched.etaAt)));
    QVERIFY(!changed.isEmpty());

    // An ETA on another local day than the dispatcher's today also says which day.
    model.setLocalClock([now] { return now.addDays(-1); });
    QCOMPARE(routed.data().toString(),
        u"%1 (+2 min)"_s.arg(
            QLocale().toString(patched.etaAt.toLocalTime(), u"ddd d MMM HH:mm"_s)));
}

void tst_OrdersTableModel::atRiskIsTheServersPredicate()
{
    const QDateTime now = QDateTime(QDate(2026, 11, 22), QTime(9, 0), Qt::UTC);
    Order o = makeOrder(1, OrderStatus::Assigned);
    o.dueAt = now.addSecs(14 * 60);
    QVERIFY(OrdersTableModel::isAtRiskAt(o, now, 15));
    QVERIFY(!OrdersTableModel::isAtRiskAt(o, now, 14)); // due exactly at the threshold: not
    o.dueAt = now; // due now: not late yet, at risk
    QVERIFY(OrdersTableModel::isAtRiskAt(o, now, 15));
    QVERIFY(!OrdersTableModel::isLateAt(o, now));
    o.dueAt = now.addSecs(-1); // late is not at risk
    QVERIFY(!OrdersTableModel::isAtRiskAt(o, now, 15));
    QCOMPARE(OrdersTableModel::riskAt(o, now, 15), OrdersTableModel::Risk::Late);
    o.dueAt = now.addSecs(3600);
    QVERIFY(!OrdersTableModel::isAtRiskAt(o, now, 15));
    o.etaAt = o.dueAt.addSecs(1); // predicted late
    QVERIFY(OrdersTableModel::isAtRiskAt(o, now, 15));
    o.status = OrderStatus::Delivered; // finished: never
    QVERIFY(!OrdersTableModel::isAtRiskAt(o, now, 15));
    QCOMPARE(OrdersTableModel::riskAt(o, now, 15), OrdersTableModel::Risk::None);
}

QTEST_GUILESS_MAIN(tst_OrdersTableModel)
#include "tst_orderstablemodel.moc"
