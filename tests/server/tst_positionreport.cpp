// The parsers of position reports: the OsmAnd protocol as Traccar Client 8 (query parameters,
// POST without a body), trackers (form bodies) and Traccar Client 9 (JSON) send it, and the body
// of a driver's POST /api/me/position. Every refusal names its reason and the parameter.

#include <QTest>

#include "server/domain/positionreport.h"

using namespace Qt::StringLiterals;
using namespace Ops;

Q_DECLARE_METATYPE(Ops::ReportRejection)

class tst_PositionReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void traccarClientQuery();
    void formBodyAndAliases();
    void traccarClientJson();
    void timestampForms_data();
    void timestampForms();
    void refused_data();
    void refused();
    void invalidFixIsKept();
    void driverPosition();
    void driverPositionRefused_data();
    void driverPositionRefused();
};

void tst_PositionReport::traccarClientQuery()
{
    // Exactly what Traccar Client 8 sends (it POSTs this URL with no body): speed in knots,
    // accuracy 0 for a satellite fix, plus parameters the server does not use.
    const QByteArray query = "id=9wv2g9vnm069454g82983vgykh&timestamp=1795000000&lat=51.5431&"
                             "lon=-0.1262&speed=10.0&bearing=271.5&altitude=35.2&accuracy=0.0&"
                             "batt=77.0&charge=true&mock=false";
    const auto parsed = OsmAnd::parse(query, {}, {});
    QVERIFY2(parsed.report, qPrintable(parsed.message));
    const OsmAndReport &r = *parsed.report;
    QCOMPARE(r.deviceKey, u"9wv2g9vnm069454g82983vgykh"_s);
    QCOMPARE(r.position.at, QDateTime::fromSecsSinceEpoch(1795000000, Qt::UTC));
    QCOMPARE(r.position.lat, 51.5431);
    QCOMPARE(r.position.lon, -0.1262);
    QVERIFY(qFuzzyCompare(*r.position.speedKmh, 18.52));
    QCOMPARE(*r.position.bearing, 271.5);
    QCOMPARE(*r.position.altitudeM, 35.2);
    QVERIFY(!r.position.accuracyM); // 0: not known
    QCOMPARE(*r.position.battery, 77.0);
    QVERIFY(r.position.valid);
}

void tst_PositionReport::formBodyAndAliases()
{
    // A tracker POSTing a form: deviceid, location=lat,lon, heading, percent-encoding.
    const QByteArray body =
        "deviceid=tracker%2D7&location=48.85%2C2.35&timestamp=1795000000123&heading=12&hdop=0.9";
    const auto parsed = OsmAnd::parse({}, body, "application/x-www-form-urlencoded");
    QVERIFY2(parsed.report, qPrintable(parsed.message));
    QCOMPARE(parsed.report->deviceKey, u"tracker-7"_s);
    QCOMPARE(parsed.report->position.lat, 48.85);
    QCOMPARE(parsed.report->position.lon, 2.35);
    QCOMPARE(parsed.report->position.at.toMSecsSinceEpoch(), 1795000000123LL);
    QCOMPARE(*parsed.report->position.bearing, 12.0);
    QVERIFY(!parsed.report->position.speedKmh);
    QVERIFY(!parsed.report->position.battery);
}

void tst_PositionReport::traccarClientJson()
{
    // Traccar Client 9's body: speed in m/s, heading and battery level -1 when unknown,
    // battery level 0 to 1, fields the server does not use.
    const QByteArray body = R"({"location":{"timestamp":"2026-11-22T09:14:03.512Z",
        "coords":{"latitude":51.5,"longitude":-0.12,"accuracy":8.5,"speed":5,"heading":-1,
        "altitude":30},"is_moving":true,"odometer":1200,"event":"motionchange",
        "battery":{"level":0.42,"is_charging":false},"activity":{"type":"in_vehicle"},
        "extras":{}},"device_id":"abc123"})";
    const auto parsed = OsmAnd::parse({}, body, "application/json; charset=utf-8");
    QVERIFY2(parsed.report, qPrintable(parsed.message));
    const PositionReport &p = parsed.report->position;
    QCOMPARE(parsed.report->deviceKey, u"abc123"_s);
    QCOMPARE(p.at, QDateTime::fromString(u"2026-11-22T09:14:03.512Z"_s, Qt::ISODateWithMs));
    QCOMPARE(p.lat, 51.5);
    QVERIFY(qFuzzyCompare(*p.speedKmh, 18.0));
    QVERIFY(!p.bearing);
    QCOMPARE(*p.accuracyM, 8.5);
    QCOMPARE(*p.altitudeM, 30.0);
    QVERIFY(qFuzzyCompare(*p.battery, 42.0));

    // Unknown speed (-1) and battery (-1) stay unknown.
    const auto unknown = OsmAnd::parse({},
        R"({"device_id":"abc","location":{"timestamp":"2026-11-22T09:14:03Z","coords":{"latitude":1,"longitude":2,"speed":-1},"battery":{"level":-1}}})",
        "application/json");
    QVERIFY2(unknown.report, qPrintable(unknown.message));
    QVERIFY(!unknown.report->position.speedKmh);
    QVERIFY(!unknown.report->position.battery);
}

void tst_PositionReport::timestampForms_data()
{
    QTest::addColumn<QByteArray>("timestamp");
    QTest::addColumn<QDateTime>("expected");
    const QDateTime t = QDateTime::fromSecsSinceEpoch(1795000000, Qt::UTC);
    QTest::newRow("unix seconds") << QByteArray("1795000000") << t;
    QTest::newRow("unix milliseconds") << QByteArray("1795000000250") << t.addMSecs(250);
    QTest::newRow("iso with Z") << t.toString(Qt::ISODate).toLatin1() << t;
    QTest::newRow("iso with offset")
        << QByteArray::fromPercentEncoding("2026-11-18T10%3A06%3A40%2B02%3A00")
        << QDateTime::fromString(u"2026-11-18T08:06:40Z"_s, Qt::ISODate);
    QTest::newRow("iso without zone is UTC")
        << QByteArray("2026-11-18T08:06:40.5")
        << QDateTime::fromString(u"2026-11-18T08:06:40.500Z"_s, Qt::ISODateWithMs);
    QTest::newRow("date and time is UTC") << QByteArray(
        "2026-11-18 08:06:40") << QDateTime::fromString(u"2026-11-18T08:06:40Z"_s, Qt::ISODate);
}

void tst_PositionReport::timestampForms()
{
    QFETCH(QByteArray, timestamp);
    QFETCH(QDateTime, expected);
    const QByteArray query = "id=k&lat=1&lon=2&timestamp=" + timestamp.toPercentEncoding();
    const auto parsed = OsmAnd::parse(query, {}, {});
    QVERIFY2(parsed.report, qPrintable(parsed.message));
    QCOMPARE(parsed.report->position.at, expected);
    QCOMPARE(parsed.report->position.at.timeSpec(), Qt::UTC);
}

void tst_PositionReport::refused_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<Ops::ReportRejection>("reason");
    QTest::addColumn<QString>("mentions");
    const auto row = [](const char *name, const QByteArray &query, const QByteArray &body,
                         const QByteArray &type, ReportRejection reason, const QString &mentions) {
        QTest::newRow(name) << query << body << type << reason << mentions;
    };
    const QByteArray ok = "id=k&timestamp=1795000000&lat=51.5&lon=-0.1";
    using R = ReportRejection;
    row("nothing", {}, {}, {}, R::Malformed, u"no report"_s);
    row("no id", "timestamp=1795000000&lat=1&lon=2", {}, {}, R::Malformed, u"'id'"_s);
    row("empty id", "id=&timestamp=1795000000&lat=1&lon=2", {}, {}, R::Malformed, u"'id'"_s);
    row("id and deviceid", ok + "&deviceid=k", {}, {}, R::Malformed, u"deviceid"_s);
    row("repeated", ok + "&lat=2", {}, {}, R::Malformed, u"'lat' given twice"_s);
    row("no lat", "id=k&timestamp=1795000000&lon=2", {}, {}, R::Malformed, u"'lat'"_s);
    row("lat and location", ok + "&location=1,2", {}, {}, R::Malformed, u"location"_s);
    row("bad location", "id=k&timestamp=1795000000&location=1", {}, {}, R::Malformed,
        u"location"_s);
    row("no timestamp", "id=k&lat=1&lon=2", {}, {}, R::Malformed, u"'timestamp' missing"_s);
    row("bad timestamp", "id=k&lat=1&lon=2&timestamp=yesterday", {}, {}, R::Malformed,
        u"'timestamp'"_s);
    row("lat not a number", "id=k&timestamp=1795000000&lat=north&lon=2", {}, {}, R::Malformed,
        u"'lat'"_s);
    row("nan", "id=k&timestamp=1795000000&lat=nan&lon=2", {}, {}, R::Malformed, u"'lat'"_s);
    row("speed not a number", ok + "&speed=fast", {}, {}, R::Malformed, u"'speed'"_s);
    row("valid maybe", ok + "&valid=maybe", {}, {}, R::Malformed, u"'valid'"_s);
    row("query and body", ok, "x=1", {}, R::Malformed, u"not both"_s);
    row("control character in id", "id=a%01b&timestamp=1795000000&lat=1&lon=2", {}, {},
        R::Malformed, u"'id'"_s);
    row("key too long", "id=" + QByteArray(200, 'k') + "&timestamp=1795000000&lat=1&lon=2", {}, {},
        R::Malformed, u"'id'"_s);
    QByteArray many = ok;
    for (int i = 0; i < 70; ++i)
        many += "&x" + QByteArray::number(i) + "=1";
    row("too many parameters", many, {}, {}, R::Malformed, u"parameters"_s);
    row("lat 91", "id=k&timestamp=1795000000&lat=91&lon=2", {}, {}, R::OutOfRange, u"'lat'"_s);
    row("lon -181", "id=k&timestamp=1795000000&lat=1&lon=-181", {}, {}, R::OutOfRange, u"'lon'"_s);
    row("no fix", "id=k&timestamp=1795000000&lat=0&lon=0", {}, {}, R::OutOfRange, u"no fix"_s);
    row("before 2000", "id=k&timestamp=900000000&lat=1&lon=2", {}, {}, R::OutOfRange, u"2000"_s);
    row("negative speed", ok + "&speed=-1", {}, {}, R::OutOfRange, u"'speed'"_s);
    row("supersonic", ok + "&speed=600", {}, {}, R::OutOfRange, u"'speed'"_s);
    row("bearing 400", ok + "&bearing=400", {}, {}, R::OutOfRange, u"'bearing'"_s);
    row("battery 150", ok + "&batt=150", {}, {}, R::OutOfRange, u"'batt'"_s);
    row("altitude in space", ok + "&altitude=500000", {}, {}, R::OutOfRange, u"'altitude'"_s);
    row("json malformed", {}, "{\"device_id\":", "application/json", R::Malformed,
        u"malformed JSON"_s);
    row("json array", {}, "[]", "application/json", R::Malformed, u"device_id"_s);
    row("json numeric id", {}, R"({"device_id":7,"location":{}})", "application/json", R::Malformed,
        u"device_id"_s);
    row("json numeric timestamp", {},
        R"({"device_id":"k","location":{"timestamp":1795000000,"coords":{"latitude":1,"longitude":2}}})",
        "application/json", R::Malformed, u"timestamp"_s);
    row("json no coords", {},
        R"({"device_id":"k","location":{"timestamp":"2026-11-22T09:14:03Z"}})", "application/json",
        R::Malformed, u"coords"_s);
    row("json speed text", {},
        R"({"device_id":"k","location":{"timestamp":"2026-11-22T09:14:03Z","coords":{"latitude":1,"longitude":2,"speed":"5"}}})",
        "application/json", R::Malformed, u"speed"_s);
    row("json battery 2", {},
        R"({"device_id":"k","location":{"timestamp":"2026-11-22T09:14:03Z","coords":{"latitude":1,"longitude":2},"battery":{"level":2}}})",
        "application/json", R::OutOfRange, u"battery"_s);
    row("json lat 100", {},
        R"({"device_id":"k","location":{"timestamp":"2026-11-22T09:14:03Z","coords":{"latitude":100,"longitude":2}}})",
        "application/json", R::OutOfRange, u"'lat'"_s);
}

void tst_PositionReport::refused()
{
    QFETCH(QByteArray, query);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(Ops::ReportRejection, reason);
    QFETCH(QString, mentions);
    const auto parsed = OsmAnd::parse(query, body, contentType);
    QVERIFY(!parsed.report);
    QCOMPARE(reportRejectionName(parsed.reason), reportRejectionName(reason));
    QVERIFY2(parsed.message.contains(mentions), qPrintable(parsed.message));
}

void tst_PositionReport::invalidFixIsKept()
{
    // The parser keeps what the device said; the intake ignores it (counted).
    for (const QByteArray &valid : { QByteArray("false"), QByteArray("0") }) {
        const auto parsed =
            OsmAnd::parse("id=k&timestamp=1795000000&lat=1&lon=2&valid=" + valid, {}, {});
        QVERIFY2(parsed.report, qPrintable(parsed.message));
        QVERIFY(!parsed.report->position.valid);
    }
    QVERIFY(OsmAnd::parse("id=k&timestamp=1795000000&lat=1&lon=2&valid=1", {}, {})
                .report->position.valid);
}

void tst_PositionReport::driverPosition()
{
    const auto parsed = parseDriverPosition(
        R"({"lat":51.5,"lon":-0.1,"at":"2026-11-22T09:14:03.512Z","speedKmh":12,"battery":null,"accuracyM":4})");
    QVERIFY2(parsed.report, qPrintable(parsed.message));
    QCOMPARE(parsed.report->lat, 51.5);
    QCOMPARE(*parsed.report->speedKmh, 12.0);
    QVERIFY(!parsed.report->battery);
    QCOMPARE(*parsed.report->accuracyM, 4.0);
    QCOMPARE(parsed.report->at.toMSecsSinceEpoch() % 1000, 512);
}

void tst_PositionReport::driverPositionRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Ops::ReportRejection>("reason");
    QTest::addColumn<QString>("mentions");
    using R = ReportRejection;
    QTest::newRow("malformed") << QByteArray("{") << R::Malformed << u"malformed JSON"_s;
    QTest::newRow("unknown field")
        << QByteArray(R"({"lat":1,"lon":2,"at":"2026-11-22T09:14:03Z","colour":"red"})")
        << R::Malformed << u"colour"_s;
    QTest::newRow("no time") << QByteArray(R"({"lat":1,"lon":2})") << R::Malformed << u"'at'"_s;
    QTest::newRow("epoch time") << QByteArray(R"({"lat":1,"lon":2,"at":1795000000})")
                                << R::Malformed << u"'at'"_s;
    QTest::newRow("speed text") << QByteArray(
        R"({"lat":1,"lon":2,"at":"2026-11-22T09:14:03Z","speedKmh":"fast"})")
                                << R::Malformed << u"speedKmh"_s;
    QTest::newRow("battery 101") << QByteArray(
        R"({"lat":1,"lon":2,"at":"2026-11-22T09:14:03Z","battery":101})")
                                 << R::OutOfRange << u"'battery'"_s;
    QTest::newRow("lat 95") << QByteArray(R"({"lat":95,"lon":2,"at":"2026-11-22T09:14:03Z"})")
                            << R::OutOfRange << u"'lat'"_s;
}

void tst_PositionReport::driverPositionRefused()
{
    QFETCH(QByteArray, body);
    QFETCH(Ops::ReportRejection, reason);
    QFETCH(QString, mentions);
    const auto parsed = parseDriverPosition(body);
    QVERIFY(!parsed.report);
    QCOMPARE(reportRejectionName(parsed.reason), reportRejectionName(reason));
    QVERIFY2(parsed.message.contains(mentions), qPrintable(parsed.message));
}

QTEST_APPLESS_MAIN(tst_PositionReport)
#include "tst_positionreport.moc"
