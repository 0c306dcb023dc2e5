#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
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

QTEST_GUILESS_MAIN(tst_OrdersTableModel)
#include "tst_orderstablemodel.moc"
