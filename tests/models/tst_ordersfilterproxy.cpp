#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include "models/ordersfilterproxy.h"
#include "models/orderstablemodel.h"
#include "query/queryclient.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

Order makeOrder(int n, OrderStatus status, const QString &region, int dueInMinutes)
{
    static const QDateTime now = QDateTime::currentDateTimeUtc();
    Order o;
    o.id = u"ORD-%1"_s.arg(n, 5, 10, QChar(u'0'));
    o.customer = u"Customer %1"_s.arg(n);
    o.region = region;
    o.pickup = u"Depot"_s;
    o.dropoff = u"Street %1"_s.arg(n);
    o.status = status;
    o.amountCents = 1000 + n;
    o.dueAt = now.addSecs(dueInMinutes * 60);
    o.updatedAt = now;
    o.version = 1;
    return o;
}

} // namespace

class tst_OrdersFilterProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void filtersCombineAndNeverResetTheSource();
    void sortsByRawValues();
    void filtersByDriverAndSearchesDriverNames();
    void atRiskFollowsTheServersClockAndThreshold();
};

void tst_OrdersFilterProxy::filtersCombineAndNeverResetTheSource()
{
    OrdersTableModel model(nullptr, QueryKey { u"orders"_s });
    model.applySnapshot({ makeOrder(1, OrderStatus::New, u"north"_s, 30),
        makeOrder(2, OrderStatus::Assigned, u"north"_s, -10),
        makeOrder(3, OrderStatus::InTransit, u"east"_s, -5),
        makeOrder(4, OrderStatus::Delivered, u"east"_s, -60) });
    OrdersFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy sourceReset(&model, &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy proxyReset(&proxy, &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy changed(&proxy, &OrdersFilterProxy::filterChanged);

    proxy.setStatuses({ OrderStatus::New, OrderStatus::Assigned });
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setRegion(u"north"_s);
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setLateOnly(true);
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, 0).data().toString(), u"ORD-00002"_s);
    proxy.setFilter({});
    proxy.setSearch(u"  customer 3 "_s);
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setSearch(u"STREET"_s);
    QCOMPARE(proxy.rowCount(), 4);
    proxy.setSearch(u"STREET"_s); // unchanged: no work, no signal
    QCOMPARE(changed.size(), 6);
    QCOMPARE(sourceReset.size(), 0);
    QCOMPARE(proxyReset.size(), 0);

    // A change in the source moves the row in or out of the filtered view.
    OrdersFilter onlyNew;
    onlyNew.statuses = { OrderStatus::New };
    proxy.setFilter(onlyNew);
    QCOMPARE(proxy.rowCount(), 1);
    model.applySnapshot({ makeOrder(1, OrderStatus::New, u"north"_s, 30),
        makeOrder(2, OrderStatus::New, u"north"_s, -10),
        makeOrder(3, OrderStatus::InTransit, u"east"_s, -5),
        makeOrder(4, OrderStatus::Delivered, u"east"_s, -60) });
    QCOMPARE(proxy.rowCount(), 2);
    QCOMPARE(sourceReset.size(), 0);
}

void tst_OrdersFilterProxy::sortsByRawValues()
{
    OrdersTableModel model(nullptr, QueryKey { u"orders"_s });
    Order cheap = makeOrder(1, OrderStatus::New, u"north"_s, 30);
    cheap.amountCents = 900; // "9.00" sorts after "10.00" as text
    Order dear = makeOrder(2, OrderStatus::New, u"north"_s, 10);
    dear.amountCents = 1000;
    model.applySnapshot({ cheap, dear });
    OrdersFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(OrdersTableModel::AmountColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, 0).data().toString(), u"ORD-00001"_s);
    proxy.sort(OrdersTableModel::DueColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, 0).data().toString(), u"ORD-00002"_s);
}

void tst_OrdersFilterProxy::filtersByDriverAndSearchesDriverNames()
{
    OrdersTableModel model(nullptr, QueryKey { u"orders"_s });
    OrdersFilterProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    Order a = makeOrder(1, OrderStatus::Assigned, u"north"_s, 30);
    a.driverId = u"DRV-001"_s;
    Order b = makeOrder(2, OrderStatus::InTransit, u"north"_s, 30);
    b.driverId = u"DRV-002"_s;
    Order c = makeOrder(3, OrderStatus::New, u"east"_s, 30);
    Order d = makeOrder(4, OrderStatus::PickedUp, u"east"_s, 30);
    d.driverId = u"DRV-001"_s;
    model.applySnapshot({ a, b, c, d });

    proxy.setDriver(u"DRV-001"_s);
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setDriver(QString()); // orders nobody has
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, 0).data().toString(), u"ORD-00003"_s);
    proxy.setDriver(std::nullopt);
    QCOMPARE(proxy.rowCount(), 4);

    // The driver column shows names once they are known, and search finds them.
    const QModelIndex driverCell = model.index(0, OrdersTableModel::DriverColumn);
    QCOMPARE(driverCell.data().toString(), u"DRV-001"_s);
    proxy.setSearch(u"hugo"_s);
    QCOMPARE(proxy.rowCount(), 0);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setDriverNames({ { u"DRV-001"_s, u"Hugo Baker"_s }, { u"DRV-002"_s, u"Ava Costa"_s } });
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().column(), int(OrdersTableModel::DriverColumn));
    QCOMPARE(changed.first().at(1).toModelIndex().column(), int(OrdersTableModel::DriverColumn));
    QCOMPARE(driverCell.data().toString(), u"Hugo Baker"_s);
    QCOMPARE(proxy.rowCount(), 2); // the name change re-ran the filter
    model.setDriverNames(model.driverNames()); // the same names: nothing to repaint
    QCOMPARE(changed.size(), 1);

    // Reassigning a driver is a change of that row's driver column.
    proxy.setSearch({});
    b.driverId = u"DRV-001"_s;
    b.version = 2;
    model.applySnapshot({ a, b, c, d });
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.last().at(1).toModelIndex().column(), int(OrdersTableModel::DriverColumn));
    proxy.setDriver(u"DRV-002"_s);
    QCOMPARE(proxy.rowCount(), 0);
}

void tst_OrdersFilterProxy::atRiskFollowsTheServersClockAndThreshold()
{
    const QDateTime t0 = QDateTime(QDate(2026, 11, 22), QTime(9, 0), Qt::UTC);
    QDateTime now = t0;
    const auto at = [&t0](int n, OrderStatus status, int dueInMinutes) {
        Order o = makeOrder(n, status, u"north"_s, 0);
        o.dueAt = t0.addSecs(dueInMinutes * 60);
        return o;
    };
    Order predicted = at(4, OrderStatus::InTransit, 120);
    predicted.etaAt = predicted.dueAt.addSecs(300);
    OrdersTableModel model(nullptr, QueryKey { u"orders"_s });
    model.setLocalClock([&now] { return now; });
    model.applySnapshot({ at(1, OrderStatus::New, 10), at(2, OrderStatus::Assigned, 25),
        at(3, OrderStatus::Assigned, -5), predicted, at(5, OrderStatus::Delivered, 5) });
    OrdersFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto shown = [&proxy] {
        QStringList ids;
        for (int row = 0; row < proxy.rowCount(); ++row)
            ids.append(proxy.index(row, 0).data().toString());
        ids.sort();
        return ids;
    };
    proxy.setAtRiskOnly(true);
    // Due within 15 min, or predicted late; not the late one, not the delivered one.
    QCOMPARE(shown(), (QStringList { u"ORD-00001"_s, u"ORD-00004"_s }));
    // With "late only" too: both kinds.
    proxy.setLateOnly(true);
    QCOMPARE(shown(), (QStringList { u"ORD-00001"_s, u"ORD-00003"_s, u"ORD-00004"_s }));
    proxy.setLateOnly(false);
    // The server says 30 min: ORD-00002 joins at once (serverClockChanged re-filters).
    model.setServerClock(0, 30);
    QCOMPARE(shown(), (QStringList { u"ORD-00001"_s, u"ORD-00002"_s, u"ORD-00004"_s }));
    // The server's clock is 11 min ahead: ORD-00001 is late there, so it leaves.
    model.setServerClock(11 * 60 * 1000, 30);
    QCOMPARE(shown(), (QStringList { u"ORD-00002"_s, u"ORD-00004"_s }));
    // Time passes locally: the next clock refresh re-checks.
    now = t0.addSecs(15 * 60);
    proxy.refreshTimeDependent();
    QCOMPARE(shown(), (QStringList { u"ORD-00004"_s }));
}

QTEST_GUILESS_MAIN(tst_OrdersFilterProxy)
#include "tst_ordersfilterproxy.moc"
