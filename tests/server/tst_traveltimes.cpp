// TravelModel (the built-in estimate) and TravelTimes against a real OSRM-compatible service on
// loopback that is fast, slow, failing, down or answers wrongly.

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

#include "fakeroutingserver.h"
#include "server/domain/traveltimes.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

namespace {

// Two real London points about 2.9 km apart (Camden High St → Upper St) and a depot.
const GeoPoint kCamden { 51.5390, -0.1426 };
const GeoPoint kIslington { 51.5390, -0.1030 };
const GeoPoint kDepot { 51.5460, -0.1238 };

} // namespace

class tst_TravelTimes : public QObject
{
    Q_OBJECT

private:
    //! Legs to time: two from one start, one between the other two points.
    static QList<Leg> legs()
    {
        return { Leg { kCamden, kDepot, u"north"_s }, Leg { kCamden, kIslington, u"north"_s },
            Leg { kDepot, kIslington, u"north"_s } };
    }
    //! Asks \a travel for legs() and waits for the answer.
    static QList<LegTime> ask(TravelTimes &travel, qint64 *returnedAfterMs = nullptr);
    static RoutingSettings routingTo(const FakeRoutingServer &server);

private Q_SLOTS:
    void builtInModel_data();
    void builtInModel();
    void withoutRoutingEverythingIsAnEstimate();
    void fastServiceIsUsedAndCached();
    void slowServiceFallsBackWithinTheBudget();
    void failingServiceFallsBackAndIsLeftAlone_data();
    void failingServiceFallsBackAndIsLeftAlone();
    void implausibleDurationsAreReplaced();
    void serviceThatIsDownFallsBack();
    void largeRequestsAreSplit();
};

QList<LegTime> tst_TravelTimes::ask(TravelTimes &travel, qint64 *returnedAfterMs)
{
    QList<LegTime> times;
    bool answered = false;
    QObject context;
    QElapsedTimer clock;
    clock.start();
    travel.request(legs(), &context, [&](const QList<LegTime> &t) {
        times = t;
        answered = true;
    });
    if (returnedAfterMs)
        *returnedAfterMs = clock.elapsed();
    [&] { QTRY_VERIFY_WITH_TIMEOUT(answered, 10000); }();
    return times;
}

RoutingSettings tst_TravelTimes::routingTo(const FakeRoutingServer &server)
{
    RoutingSettings routing;
    routing.url = server.url();
    routing.budget = 2000ms;
    routing.retryAfter = 60000ms;
    return routing;
}

void tst_TravelTimes::builtInModel_data()
{
    QTest::addColumn<double>("detour");
    QTest::addColumn<double>("speed");
    QTest::addColumn<QString>("region");
    QTest::addColumn<double>("seconds");
    // One degree of latitude is 111.195 km on the mean sphere.
    const double km = 111.19508;
    QTest::newRow("default speed") << 1.4 << 18.0 << u"east"_s << km * 1.4 / 18.0 * 3600;
    QTest::newRow("straight, 60 km/h") << 1.0 << 60.0 << u"east"_s << km / 60.0 * 3600;
    QTest::newRow("region of its own") << 1.4 << 18.0 << u"north"_s << km * 1.4 / 12.0 * 3600;
}

void tst_TravelTimes::builtInModel()
{
    QFETCH(double, detour);
    QFETCH(double, speed);
    QFETCH(QString, region);
    QFETCH(double, seconds);
    TravelModel model;
    model.detourFactor = detour;
    model.speedKmh = speed;
    model.regionSpeedKmh.insert(u"north"_s, 12.0);
    const double got = model.seconds(GeoPoint { 51.0, -0.1 }, GeoPoint { 52.0, -0.1 }, region);
    QVERIFY2(qAbs(got - seconds) < 1.0, qPrintable(QString::number(got)));
    QCOMPARE(model.seconds(kCamden, kCamden, region), 0.0);
    // Camden → Islington is about 2.74 km as the crow flies.
    QVERIFY(qAbs(TravelModel::distanceKm(kCamden, kIslington) - 2.74) < 0.05);
}

void tst_TravelTimes::withoutRoutingEverythingIsAnEstimate()
{
    TravelTimes travel;
    QVERIFY(!travel.isRoutingUp());
    qint64 returnedAfter = -1;
    const QList<LegTime> times = ask(travel, &returnedAfter);
    QCOMPARE(times.size(), 3);
    for (qsizetype i = 0; i < times.size(); ++i) {
        QVERIFY(times.at(i).estimate);
        QCOMPARE(times.at(i).seconds,
            travel.model().seconds(legs().at(i).from, legs().at(i).to, legs().at(i).region));
    }
    QCOMPARE(travel.stats().requests, 0);
}

void tst_TravelTimes::fastServiceIsUsedAndCached()
{
    FakeRoutingServer server;
    QVERIFY(server.listen());
    TravelTimes travel;
    travel.setRouting(routingTo(server));
    const QList<LegTime> times = ask(travel);
    QCOMPARE(server.requests(), 1);
    // One table: the two distinct starts are sources, the distinct ends destinations.
    QVERIFY2(server.lastPath().startsWith("/table/v1/driving/"_L1), qPrintable(server.lastPath()));
    QCOMPARE(server.lastPath().count(u';'), 3); // Camden, Depot | Depot, Islington
    const QUrlQuery query(server.lastQuery());
    QCOMPARE(query.queryItemValue(u"sources"_s), u"0;1"_s);
    QCOMPARE(query.queryItemValue(u"destinations"_s), u"2;3"_s);
    for (qsizetype i = 0; i < times.size(); ++i) {
        QVERIFY(!times.at(i).estimate);
        const double expected =
            server.secondsFor(TravelModel::distanceKm(legs().at(i).from, legs().at(i).to));
        QVERIFY2(qAbs(times.at(i).seconds - expected) < 0.5, qPrintable(QString::number(i)));
        // The routed answer, not the built-in one (30 km/h straight vs 18 km/h × 1.4).
        QVERIFY(qAbs(times.at(i).seconds
                    - travel.model().seconds(legs().at(i).from, legs().at(i).to, u"north"_s))
            > 10);
    }
    // The same legs again come from the cache, at once and without a request.
    bool answered = false;
    travel.request(legs(), this, [&](const QList<LegTime> &again) {
        answered = true;
        QCOMPARE(again, times);
    });
    QVERIFY(answered);
    QCOMPARE(server.requests(), 1);
    QVERIFY(travel.stats().cacheHits >= 3);
    QCOMPARE(travel.known(legs()), times);
    QCOMPARE(travel.stats().answered, 1);
}

void tst_TravelTimes::slowServiceFallsBackWithinTheBudget()
{
    FakeRoutingServer server;
    QVERIFY(server.listen());
    server.setMode(FakeRoutingServer::Mode::Slow);
    server.setDelay(5000ms);
    TravelTimes travel;
    RoutingSettings routing = routingTo(server);
    routing.budget = 150ms;
    routing.retryAfter = 300ms;
    travel.setRouting(routing);
    QSignalSpy availability(&travel, &TravelTimes::routingAvailabilityChanged);
    QElapsedTimer clock;
    clock.start();
    qint64 returnedAfter = -1;
    const QList<LegTime> times = ask(travel, &returnedAfter);
    const qint64 took = clock.elapsed();
    // request() never waits for the service (the event loop runs on); the answer, the built-in
    // model's, comes once the budget ran out, long before the service would answer.
    QVERIFY2(returnedAfter < took && took >= 140 && took < 2500,
        qPrintable(u"%1 / %2"_s.arg(returnedAfter).arg(took)));
    for (const LegTime &t : times)
        QVERIFY(t.estimate);
    QCOMPARE(travel.stats().timedOut, 1);
    QVERIFY(!travel.isRoutingUp());
    QCOMPARE(availability.size(), 1);
    QCOMPARE(availability.at(0).at(0).toBool(), false);
    // While it is left alone nobody asks it.
    ask(travel);
    QCOMPARE(server.requests(), 1);
    // Once the retry time is over, it is asked again; fast now, it is back.
    server.setMode(FakeRoutingServer::Mode::Fast);
    QTRY_VERIFY(travel.isRoutingUp());
    const QList<LegTime> routed = ask(travel);
    QCOMPARE(server.requests(), 2);
    for (const LegTime &t : routed)
        QVERIFY(!t.estimate);
    QCOMPARE(availability.size(), 2);
    QCOMPARE(availability.at(1).at(0).toBool(), true);
}

void tst_TravelTimes::failingServiceFallsBackAndIsLeftAlone_data()
{
    QTest::addColumn<FakeRoutingServer::Mode>("mode");
    QTest::addColumn<int>("failed");
    QTest::addColumn<int>("rejected");
    QTest::newRow("HTTP 500") << FakeRoutingServer::Mode::Failing << 1 << 0;
    QTest::newRow("not JSON") << FakeRoutingServer::Mode::Garbage << 0 << 1;
    QTest::newRow("a row missing") << FakeRoutingServer::Mode::WrongShape << 0 << 1;
    QTest::newRow("code not Ok") << FakeRoutingServer::Mode::NotOk << 0 << 1;
}

void tst_TravelTimes::failingServiceFallsBackAndIsLeftAlone()
{
    QFETCH(FakeRoutingServer::Mode, mode);
    QFETCH(int, failed);
    QFETCH(int, rejected);
    FakeRoutingServer server;
    QVERIFY(server.listen());
    server.setMode(mode);
    TravelTimes travel;
    travel.setRouting(routingTo(server));
    const QList<LegTime> times = ask(travel);
    QCOMPARE(times.size(), 3);
    for (qsizetype i = 0; i < times.size(); ++i) {
        QVERIFY(times.at(i).estimate);
        QCOMPARE(times.at(i).seconds,
            travel.model().seconds(legs().at(i).from, legs().at(i).to, legs().at(i).region));
    }
    QCOMPARE(travel.stats().failed, failed);
    QCOMPARE(travel.stats().rejected, rejected);
    QVERIFY(!travel.isRoutingUp());
    // Nothing of a broken answer was cached.
    for (const LegTime &t : travel.known(legs()))
        QVERIFY(t.estimate);
    ask(travel);
    QCOMPARE(server.requests(), 1);
}

void tst_TravelTimes::implausibleDurationsAreReplaced()
{
    FakeRoutingServer server;
    QVERIFY(server.listen());
    server.setMode(FakeRoutingServer::Mode::TooFast); // 1 s for kilometres
    TravelTimes travel;
    travel.setRouting(routingTo(server));
    const QList<LegTime> times = ask(travel);
    for (qsizetype i = 0; i < times.size(); ++i) {
        QVERIFY(times.at(i).estimate);
        QVERIFY(times.at(i).seconds > 100);
    }
    QCOMPARE(travel.stats().implausibleLegs, 3);
    // A well-formed table: the service itself stays in use for other legs.
    QCOMPARE(travel.stats().answered, 1);
    QVERIFY(travel.isRoutingUp());
}

void tst_TravelTimes::serviceThatIsDownFallsBack()
{
    quint16 port = 0;
    {
        FakeRoutingServer gone;
        QVERIFY(gone.listen());
        port = quint16(gone.url().port());
    } // nobody listens there any more
    TravelTimes travel;
    RoutingSettings routing;
    routing.url = QUrl(u"http://127.0.0.1:%1"_s.arg(port));
    travel.setRouting(routing);
    const QList<LegTime> times = ask(travel);
    for (const LegTime &t : times)
        QVERIFY(t.estimate);
    QCOMPARE(travel.stats().failed, 1);
    QVERIFY(!travel.isRoutingUp());

    // A service that accepts and never answers is over the budget the same way.
    FakeRoutingServer hanging;
    QVERIFY(hanging.listen());
    hanging.setMode(FakeRoutingServer::Mode::Hang);
    TravelTimes patient;
    RoutingSettings budget = routingTo(hanging);
    budget.budget = 100ms;
    patient.setRouting(budget);
    for (const LegTime &t : ask(patient))
        QVERIFY(t.estimate);
    QCOMPARE(patient.stats().timedOut, 1);
}

void tst_TravelTimes::largeRequestsAreSplit()
{
    FakeRoutingServer server;
    QVERIFY(server.listen());
    TravelTimes travel;
    RoutingSettings routing = routingTo(server);
    routing.maxCoordinates = 10;
    travel.setRouting(routing);
    // 30 drivers to one stop: 31 points, at most 10 per request.
    QList<Leg> many;
    for (int i = 0; i < 30; ++i)
        many.append(Leg { GeoPoint { 51.50 + i * 0.001, -0.12 }, kDepot, u"north"_s });
    QList<LegTime> times;
    bool answered = false;
    travel.request(many, this, [&](const QList<LegTime> &t) {
        times = t;
        answered = true;
    });
    QTRY_VERIFY(answered);
    QCOMPARE(times.size(), 30);
    for (const LegTime &t : times)
        QVERIFY(!t.estimate);
    QCOMPARE(server.requests(), 4); // 9 + 9 + 9 + 3 starts, each with the stop
    QVERIFY(travel.availableRequests() > 0);
}

QTEST_GUILESS_MAIN(tst_TravelTimes)
#include "tst_traveltimes.moc"
