// Workspace: one orders model and one drivers list per window, kept in step (the driver column
// shows the drivers' names), and the clock that moves them.

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include "keys/querykeys.h"
#include "models/workspace.h"
#include "query/queryclient.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

namespace {

QJsonObject driver(const QString &id, const QString &name, const QString &region = u"north"_s)
{
    return { { "id"_L1, id }, { "name"_L1, name }, { "region"_L1, region },
        { "status"_L1, u"idle"_s }, { "lat"_L1, 51.5 }, { "lon"_L1, -0.1 },
        { "lastSeenAt"_L1, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) },
        { "version"_L1, 1 } };
}

QJsonObject order(int n, const QString &region, const QString &driverId = {})
{
    Order o;
    o.id = u"ORD-%1"_s.arg(n);
    o.customer = u"Customer %1"_s.arg(n);
    o.region = region;
    o.status = driverId.isEmpty() ? OrderStatus::New : OrderStatus::Assigned;
    o.driverId = driverId;
    o.dueAt = QDateTime::currentDateTimeUtc().addSecs(3600);
    o.updatedAt = QDateTime::currentDateTimeUtc();
    o.version = 1;
    return o.toJson();
}

const WorkspaceTiming kFast { 5ms, 20ms };

} // namespace

class tst_Workspace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void readsTheNamedLists();
    void driverColumnShowsTheDriversNames();
    void driverChoicesByName();
    void clockTicksTheDriversButNotTheNames();
    void newRegionsAreAnnounced();

private:
    QueryClient m_queries;
};

void tst_Workspace::init()
{
    m_queries.removeQueries();
    m_queries.setQueryData(QueryKeys::drivers(),
        QJsonArray { driver(u"DRV-1"_s, u"Hugo Baker"_s), driver(u"DRV-2"_s, u"Ava Costa"_s),
            driver(u"DRV-3"_s, QString()) });
    m_queries.setQueryData(
        QueryKeys::orders(), QJsonArray { order(1, u"north"_s, u"DRV-1"_s), order(2, u"east"_s) });
}

void tst_Workspace::readsTheNamedLists()
{
    Workspace workspace(&m_queries, kFast);
    QCOMPARE(workspace.queries(), &m_queries);
    QCOMPARE(workspace.orders()->key(), QueryKeys::orders());
    QCOMPARE(workspace.drivers()->key(), QueryKeys::drivers());
    QCOMPARE(workspace.orders()->rowCount(), 2);
    QCOMPARE(workspace.drivers()->rowCount(), 3);
    QCOMPARE(workspace.regions(), (QStringList { u"east"_s, u"north"_s }));
    QCOMPARE(workspace.clock()->interval(), 5ms);
}

void tst_Workspace::driverColumnShowsTheDriversNames()
{
    Workspace workspace(&m_queries, kFast);
    OrdersTableModel *orders = workspace.orders();
    const QModelIndex cell =
        orders->index(orders->rowOf(u"ORD-1"_s), OrdersTableModel::DriverColumn);
    QCOMPARE(cell.data().toString(), u"Hugo Baker"_s); // at once, not after the first interval

    QSignalSpy changed(&workspace, &Workspace::driversChanged);
    // A rename is a versioned write: the row comes back with the next version.
    QJsonObject renamed = driver(u"DRV-1"_s, u"Hugo Baker-Smith"_s);
    renamed.insert("version"_L1, 2);
    m_queries.setQueryData(
        QueryKeys::drivers(), QJsonArray { renamed, driver(u"DRV-2"_s, u"Ava Costa"_s) });
    QTRY_COMPARE(cell.data().toString(), u"Hugo Baker-Smith"_s);
    QCOMPARE(changed.size(), 1);
}

void tst_Workspace::driverChoicesByName()
{
    Workspace workspace(&m_queries, kFast);
    // By name; a driver without one by id.
    QCOMPARE(workspace.driverChoices(),
        (QList<DriverChoice> { { u"Ava Costa"_s, u"DRV-2"_s }, { u"DRV-3"_s, u"DRV-3"_s },
            { u"Hugo Baker"_s, u"DRV-1"_s } }));
}

void tst_Workspace::clockTicksTheDriversButNotTheNames()
{
    Workspace workspace(&m_queries, kFast);
    QSignalSpy ticks(workspace.drivers(), &QAbstractItemModel::dataChanged);
    QSignalSpy names(&workspace, &Workspace::driversChanged);
    const QDateTime before = workspace.drivers()->now();
    QTRY_VERIFY(workspace.clock()->ticks() >= 10);
    QVERIFY(ticks.size() >= 9);
    // Each tick is one dataChanged over presence, "last seen" and the GPS age of every row.
    const QModelIndex topLeft = ticks.last().at(0).toModelIndex();
    const QModelIndex bottomRight = ticks.last().at(1).toModelIndex();
    QCOMPARE(topLeft.column(), int(DriversTableModel::PresenceColumn));
    QCOMPARE(bottomRight.column(), int(DriversTableModel::GpsColumn));
    QCOMPARE(bottomRight.row(), 2);
    QVERIFY(workspace.drivers()->now() > before);
    QCOMPARE(names.size(), 0); // the clock changes no name
}

void tst_Workspace::newRegionsAreAnnounced()
{
    Workspace workspace(&m_queries, kFast);
    QSignalSpy regions(&workspace, &Workspace::regionsChanged);
    m_queries.setQueryData(QueryKeys::orders(),
        QJsonArray { order(1, u"north"_s, u"DRV-1"_s), order(2, u"east"_s), order(3, u"south"_s) });
    QTRY_COMPARE(regions.size(), 1);
    QCOMPARE(workspace.regions(), (QStringList { u"east"_s, u"north"_s, u"south"_s }));
}

QTEST_GUILESS_MAIN(tst_Workspace)
#include "tst_workspace.moc"
