#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include "keys/querykeys.h"
#include "models/drivertrail.h"
#include "query/queryclient.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

QJsonObject point(int minute, double lat, double lon)
{
    return { { "at"_L1, u"2026-12-06T10:%1:00.000Z"_s.arg(minute, 2, 10, QChar(u'0')) },
        { "lat"_L1, lat }, { "lon"_L1, lon }, { "accuracyM"_L1, QJsonValue::Null },
        { "speedKmh"_L1, QJsonValue::Null }, { "bearing"_L1, QJsonValue::Null },
        { "battery"_L1, 80 }, { "source"_L1, u"osmand"_s } };
}

QJsonObject trail(const QString &driver, const QJsonArray &points, bool truncated = false)
{
    return { { "driverId"_L1, driver }, { "points"_L1, points }, { "truncated"_L1, truncated } };
}

} // namespace

class tst_DriverTrail : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsTheSelectedDriver();
    void aPositionOfThatDriverRefetchesIt();
};

void tst_DriverTrail::followsTheSelectedDriver()
{
    QueryClient client;
    QCOMPARE(QueryKeys::driverTrail(u"DRV-001"_s),
        (QueryKey { u"drivers"_s, u"DRV-001"_s, u"trail"_s }));
    client.setQueryData(QueryKeys::driverTrail(u"DRV-001"_s),
        trail(u"DRV-001"_s,
            { point(1, 51.50, -0.12), point(2, 51.51, -0.11),
                QJsonObject { { "at"_L1, u"yesterday"_s } } /* invalid: left out */ },
            true));
    DriverTrail t(&client);
    QSignalSpy changed(&t, &DriverTrail::changed);
    t.setDriverId(u"DRV-001"_s);
    QCOMPARE(t.points().size(), 2); // from the cache, at once
    QCOMPARE(t.points().at(1).lat, 51.51);
    QCOMPARE(t.skipped(), 1);
    QVERIFY(t.isTruncated());
    QCOMPARE(changed.size(), 1);
    t.setDriverId({});
    QVERIFY(t.points().isEmpty());
    QCOMPARE(changed.size(), 2);
}

void tst_DriverTrail::aPositionOfThatDriverRefetchesIt()
{
    QueryClient client;
    int fetches = 0;
    QJsonArray points { point(1, 51.50, -0.12) };
    client.setDefaultQueryFn([&](const QueryContext &ctx) {
        QCOMPARE(ctx.key(), QueryKeys::driverTrail(u"DRV-001"_s));
        ++fetches;
        ctx.resolve(trail(u"DRV-001"_s, points));
    });
    DriverTrail t(&client);
    t.setDriverId(u"DRV-001"_s);
    QTRY_COMPARE(t.points().size(), 1);
    QCOMPARE(fetches, 1);
    // driver.updated of DRV-001 invalidates ["drivers", "DRV-001"] (resources/eventmap.json):
    // the trail is under it and is fetched again with the new point.
    points.append(point(2, 51.51, -0.11));
    client.invalidateQueries(QueryFilter::prefix(QueryKeys::driver(u"DRV-001"_s)));
    QTRY_COMPARE(t.points().size(), 2);
    QCOMPARE(fetches, 2);
    // Another driver's update does not touch it: once every refetch that invalidation caused has
    // settled, the trail was not fetched again.
    bool settled = false;
    client.invalidateQueries(QueryFilter::prefix(QueryKeys::driver(u"DRV-002"_s)),
        RefetchType::Active, [&settled] { settled = true; });
    QTRY_VERIFY(settled);
    QCOMPARE(fetches, 2);
}

QTEST_GUILESS_MAIN(tst_DriverTrail)
#include "tst_drivertrail.moc"
