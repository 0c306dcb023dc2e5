// DriverRanking: who the "Assign driver" menu offers for an order, and in which order.

#include <QJsonArray>
#include <QTest>

#include "models/driverranking.h"
#include "protocol/order.h"
#include "query/queryclient.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

const QDateTime kNow = QDateTime::fromMSecsSinceEpoch(1'800'000'000'000, Qt::UTC);

QJsonObject driver(const QString &id, const QString &name, const QString &status,
    const QString &region, int silentSeconds = 5)
{
    return { { "id"_L1, id }, { "name"_L1, name }, { "region"_L1, region }, { "status"_L1, status },
        { "lat"_L1, 51.5 }, { "lon"_L1, -0.1 },
        { "lastSeenAt"_L1, kNow.addSecs(-silentSeconds).toString(Qt::ISODateWithMs) },
        { "version"_L1, 1 } };
}

Order order(const QString &region, const QString &driverId = {})
{
    Order o;
    o.id = u"ORD-1"_s;
    o.region = region;
    o.status = driverId.isEmpty() ? OrderStatus::New : OrderStatus::Assigned;
    o.driverId = driverId;
    return o;
}

QStringList ids(const QList<DriverCandidate> &candidates)
{
    QStringList out;
    for (const DriverCandidate &c : candidates)
        out.append(c.id);
    return out;
}

} // namespace

class tst_DriverRanking : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void regionThenPresenceThenName();
    void offlineOnlyWhenItIsTheOrdersDriver();
    void presenceIsJudgedAtTheListsClock();
};

void tst_DriverRanking::regionThenPresenceThenName()
{
    QueryClient client;
    DriversTableModel drivers(&client);
    drivers.tick(kNow);
    drivers.applySnapshot(QJsonArray {
        driver(u"DRV-1"_s, u"Hugo"_s, u"en_route"_s, u"north"_s),
        driver(u"DRV-2"_s, u"Ava"_s, u"idle"_s, u"east"_s),
        driver(u"DRV-3"_s, u"Liam"_s, u"idle"_s, u"north"_s),
        driver(u"DRV-4"_s, u"Zoe"_s, u"idle"_s, u"north"_s, 600), // silent: not responding
        driver(u"DRV-5"_s, u"Ines"_s, u"en_route"_s, u"north"_s),
        driver(u"DRV-6"_s, u"Emma"_s, u"idle"_s, u"north"_s),
    });
    const QList<DriverCandidate> ranked = DriverRanking::rank(order(u"north"_s), drivers);
    // North first: idle (Emma, Liam by name) before in transit (Hugo, Ines) before not
    // responding (Zoe); then the other regions.
    QCOMPARE(ids(ranked),
        (QStringList { u"DRV-6"_s, u"DRV-3"_s, u"DRV-1"_s, u"DRV-5"_s, u"DRV-4"_s, u"DRV-2"_s }));
    QVERIFY(ranked.first().sameRegion);
    QVERIFY(!ranked.last().sameRegion);
    QCOMPARE(ranked.first().name, u"Emma"_s);
    QCOMPARE(ranked.at(4).presence, DriversTableModel::Presence::NotResponding);
    QVERIFY(DriverRanking::presenceRank(DriversTableModel::Presence::Idle)
        < DriverRanking::presenceRank(DriversTableModel::Presence::InTransit));
}

void tst_DriverRanking::offlineOnlyWhenItIsTheOrdersDriver()
{
    QueryClient client;
    DriversTableModel drivers(&client);
    drivers.tick(kNow);
    drivers.applySnapshot(QJsonArray { driver(u"DRV-1"_s, u"Hugo"_s, u"offline"_s, u"north"_s),
        driver(u"DRV-2"_s, u"Ava"_s, u"offline"_s, u"north"_s),
        driver(u"DRV-3"_s, u"Liam"_s, u"idle"_s, u"south"_s) });
    QCOMPARE(ids(DriverRanking::rank(order(u"north"_s), drivers)), QStringList { u"DRV-3"_s });
    // The order's own driver stays on offer (checked in the menu) even when offline.
    const auto ranked = DriverRanking::rank(order(u"north"_s, u"DRV-2"_s), drivers);
    QCOMPARE(ids(ranked), (QStringList { u"DRV-2"_s, u"DRV-3"_s }));
    QCOMPARE(ranked.first().presence, DriversTableModel::Presence::Offline);
}

void tst_DriverRanking::presenceIsJudgedAtTheListsClock()
{
    QueryClient client;
    DriversTableModel drivers(&client);
    drivers.tick(kNow);
    drivers.applySnapshot(QJsonArray { driver(u"DRV-1"_s, u"Hugo"_s, u"idle"_s, u"north"_s, 60),
        driver(u"DRV-2"_s, u"Ava"_s, u"en_route"_s, u"north"_s, 1) });
    QCOMPARE(ids(DriverRanking::rank(order(u"north"_s), drivers)),
        (QStringList { u"DRV-1"_s, u"DRV-2"_s }));
    // 100 s later Hugo has been silent for 160 s: not responding, after Ava (silent 101 s).
    drivers.tick(kNow.addSecs(100));
    QCOMPARE(ids(DriverRanking::rank(order(u"north"_s), drivers)),
        (QStringList { u"DRV-2"_s, u"DRV-1"_s }));
}

QTEST_GUILESS_MAIN(tst_DriverRanking)
#include "tst_driverranking.moc"
