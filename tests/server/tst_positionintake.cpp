// PositionIntake over a real SQLite store, with an injected clock: what is applied, what is
// ignored or rejected (and counted), and that nothing not applied touches the database.

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "server/demo/demodata.h"
#include "server/demo/simulator.h"
#include "server/domain/alertengine.h"
#include "server/domain/alertrules.h"
#include "server/domain/alertservice.h"
#include "server/domain/driverservice.h"
#include "server/domain/positionintake.h"
#include "server/store/store.h"
#include "sqlitedump.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_PositionIntake : public QObject
{
    Q_OBJECT

private:
    //! A store with driver "D1" (region north) and one registered device; its key in m_key.
    void open(const QString &name);
    //! An OsmAnd report of m_key at the clock's time plus \a offsetSeconds.
    [[nodiscard]] OsmAndReport report(qint64 offsetSeconds, double lat = 51.5) const;
    //! The intake refuses \a r for \a reason and the database stays byte for byte as it was.
    void verifyNotApplied(const OsmAndReport &r, ReportRejection reason,
        PositionIntake::Outcome outcome, const PositionIntake::Gate &gate = {});

    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<PositionIntake> m_intake;
    QString m_key;
    QDateTime m_now = QDateTime(QDate(2026, 11, 22), QTime(9, 0), Qt::UTC);

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void init();
    void cleanup();

    void acceptedReportUpdatesTheDriver();
    void neverAppliedOutOfOrder();
    void futureFixIsRejected();
    void invalidFixIsIgnored();
    void unknownAndRevokedDevicesAreRejected();
    void deactivatedDriverIsRejected();
    void gateRefusalChangesNothing();
    void driverApiReportsTheSameWay();
    void trailIsTrimmedByAgeAndCount();
    void simulatorReportsThroughTheIntake();
    void silenceIsJudgedByTheRegionsAlertRule();
};

void tst_PositionIntake::open(const QString &name)
{
    m_path = m_dir.filePath(name);
    m_store = std::make_unique<Store>();
    QVERIFY(m_store->open(m_path).ok());
    DriverDraft draft;
    draft.id = u"D1"_s;
    draft.name = u"Ava Costa"_s;
    draft.region = u"north"_s;
    QVERIFY(DriverService(*m_store).create(draft, u"t"_s).ok());
    const DeviceRegistration registered =
        DriverService(*m_store).registerDevice(u"D1"_s, u"phone"_s, std::nullopt, u"t"_s);
    QVERIFY(registered.write.ok());
    m_key = registered.key;
    QCOMPARE(m_key.size(), 26);
    m_intake = std::make_unique<PositionIntake>(*m_store);
    m_intake->setClock([this] { return m_now; });
}

void tst_PositionIntake::init()
{
    open(QString::fromLatin1(QTest::currentTestFunction()) + u".sqlite"_s);
}

void tst_PositionIntake::cleanup()
{
    m_intake.reset();
    m_store.reset();
}

OsmAndReport tst_PositionIntake::report(qint64 offsetSeconds, double lat) const
{
    OsmAndReport r;
    r.deviceKey = m_key;
    r.position.at = m_now.addSecs(offsetSeconds);
    r.position.lat = lat;
    r.position.lon = -0.12;
    r.position.battery = 80;
    r.position.speedKmh = 25;
    return r;
}

void tst_PositionIntake::verifyNotApplied(const OsmAndReport &r, ReportRejection reason,
    PositionIntake::Outcome outcome, const PositionIntake::Gate &gate)
{
    const QByteArray dump = sqliteDump(m_path);
    const QByteArray file = sqliteFileHash(m_path);
    const qint64 head = m_store->log().head().seq;
    const qint64 counted = m_intake->rejectionCount(reason);
    QSignalSpy events(m_store.get(), &Store::eventAppended);
    const PositionIntake::Result result = m_intake->report(r, gate);
    QCOMPARE(int(result.outcome), int(outcome));
    QVERIFY(result.reason);
    QCOMPARE(reportRejectionName(*result.reason), reportRejectionName(reason));
    QVERIFY(!result.error.message.isEmpty());
    QCOMPARE(m_intake->rejectionCount(reason), counted + 1);
    QCOMPARE(events.size(), 0);
    QCOMPARE(m_store->log().head().seq, head);
    QCOMPARE(sqliteDump(m_path), dump);
    QCOMPARE(sqliteFileHash(m_path), file);
}

void tst_PositionIntake::acceptedReportUpdatesTheDriver()
{
    // A new driver is offline with no position; its phone's first report brings it online.
    QVERIFY(!m_store->drivers().get(u"D1"_s)->hasPosition());
    QSignalSpy events(m_store.get(), &Store::eventAppended);
    m_now = m_now.addSecs(5);
    const PositionIntake::Result result = m_intake->report(report(-3));
    QCOMPARE(int(result.outcome), int(PositionIntake::Outcome::Accepted));
    QCOMPARE(m_intake->acceptedCount(PositionIntake::Source::OsmAnd), 1);
    const Driver d = *m_store->drivers().get(u"D1"_s);
    QCOMPARE(toString(d.status), toString(DriverStatus::Idle));
    QCOMPARE(d.lat, 51.5);
    QCOMPARE(d.positionAt, m_now.addSecs(-3));
    QCOMPARE(d.lastSeenAt, m_now); // the server's time of the report
    QCOMPARE(d.positionSource, u"osmand"_s);
    QCOMPARE(d.positionDevice, d.devices.constFirst().id);
    QCOMPARE(*d.battery, 80.0);
    QCOMPARE(*d.speedKmh, 25.0);
    // One event carrying the live fields, and one breadcrumb with the same seq.
    QCOMPARE(events.size(), 1);
    const auto event = events.at(0).at(0).value<ChangeEvent>();
    QCOMPARE(event.type, u"driver.updated"_s);
    QCOMPARE(event.fields.value("positionSource"_L1).toString(), u"osmand"_s);
    QCOMPARE(event.fields.value("battery"_L1).toDouble(), 80.0);
    QCOMPARE(event.fields.value("positionAt"_L1).toString(),
        m_now.addSecs(-3).toString(Qt::ISODateWithMs));
    bool truncated = true;
    const auto trail = m_store->drivers().trail(u"D1"_s, m_now.addDays(-1), 10, &truncated);
    QCOMPARE(trail.items.size(), 1);
    QVERIFY(!truncated);
    QCOMPARE(trail.items.at(0).at, m_now.addSecs(-3));
    QCOMPARE(trail.items.at(0).source, u"osmand"_s);
}

void tst_PositionIntake::neverAppliedOutOfOrder()
{
    QCOMPARE(
        int(m_intake->report(report(-10, 51.1)).outcome), int(PositionIntake::Outcome::Accepted));
    // Older, and as old: ignored (a phone flushing its queue moves on), nothing written.
    verifyNotApplied(report(-20, 51.2), ReportRejection::Stale, PositionIntake::Outcome::Ignored);
    verifyNotApplied(report(-10, 51.3), ReportRejection::Stale, PositionIntake::Outcome::Ignored);
    QCOMPARE(
        int(m_intake->report(report(-5, 51.4)).outcome), int(PositionIntake::Outcome::Accepted));
    const Driver d = *m_store->drivers().get(u"D1"_s);
    QCOMPARE(d.lat, 51.4);
    bool truncated = false;
    const auto trail = m_store->drivers().trail(u"D1"_s, m_now.addDays(-1), 10, &truncated);
    QCOMPARE(trail.items.size(), 2);
    QCOMPARE(trail.items.at(0).lat, 51.1);
    QCOMPARE(trail.items.at(1).lat, 51.4);
}

void tst_PositionIntake::futureFixIsRejected()
{
    const auto skew = std::chrono::seconds(PositionIntake::MaxClockSkew).count();
    verifyNotApplied(report(skew + 1), ReportRejection::Future, PositionIntake::Outcome::Rejected);
    // Within the allowed skew it is fine.
    QCOMPARE(
        int(m_intake->report(report(skew - 1)).outcome), int(PositionIntake::Outcome::Accepted));
}

void tst_PositionIntake::invalidFixIsIgnored()
{
    OsmAndReport r = report(-1);
    r.position.valid = false;
    verifyNotApplied(r, ReportRejection::InvalidFix, PositionIntake::Outcome::Ignored);
}

void tst_PositionIntake::unknownAndRevokedDevicesAreRejected()
{
    OsmAndReport stranger = report(-1);
    stranger.deviceKey = u"not-a-key"_s;
    verifyNotApplied(stranger, ReportRejection::UnknownDevice, PositionIntake::Outcome::Rejected);
    const QString device = m_store->drivers().get(u"D1"_s)->devices.constFirst().id;
    QVERIFY(DriverService(*m_store).revokeDevice(u"D1"_s, device, std::nullopt, u"t"_s).ok());
    verifyNotApplied(report(-1), ReportRejection::UnknownDevice, PositionIntake::Outcome::Rejected);
}

void tst_PositionIntake::deactivatedDriverIsRejected()
{
    DriverChange off;
    off.active = false;
    QVERIFY(DriverService(*m_store).change(u"D1"_s, off, std::nullopt, u"t"_s).ok());
    verifyNotApplied(
        report(-1), ReportRejection::InactiveDriver, PositionIntake::Outcome::Rejected);
    QCOMPARE(toString(m_store->drivers().get(u"D1"_s)->status), toString(DriverStatus::Offline));
}

void tst_PositionIntake::gateRefusalChangesNothing()
{
    QString asked;
    const PositionIntake::Gate refuse = [&asked](const QString &id) {
        asked = id;
        return Error { ErrorKind::RateLimited, u"slow down"_s };
    };
    verifyNotApplied(
        report(-1), ReportRejection::RateLimitedDevice, PositionIntake::Outcome::Rejected, refuse);
    // The gate is asked with the device, once it is known.
    QCOMPARE(asked, m_store->drivers().get(u"D1"_s)->devices.constFirst().id);
}

void tst_PositionIntake::driverApiReportsTheSameWay()
{
    PositionReport p = report(-2).position;
    const PositionIntake::Result result = m_intake->reportForDriver(u"D1"_s, p);
    QCOMPARE(int(result.outcome), int(PositionIntake::Outcome::Accepted));
    QCOMPARE(result.driver->positionSource, u"driver_api"_s);
    QVERIFY(result.driver->positionDevice.isEmpty());
    QCOMPARE(m_intake->acceptedCount(PositionIntake::Source::DriverApi), 1);
    // The same ordering rule: an OsmAnd report older than it is ignored.
    verifyNotApplied(report(-3), ReportRejection::Stale, PositionIntake::Outcome::Ignored);
    // A driver id no row has is NotFound and counts as nothing.
    QCOMPARE(m_intake->reportForDriver(u"D9"_s, p).error.kind, ErrorKind::NotFound);
}

void tst_PositionIntake::trailIsTrimmedByAgeAndCount()
{
    for (int i = 0; i < 30; ++i) {
        QCOMPARE(int(m_intake->report(report(-3600 + i * 60, 51.0 + i * 0.001)).outcome),
            int(PositionIntake::Outcome::Accepted));
    }
    bool truncated = false;
    QCOMPARE(
        m_store->drivers().trail(u"D1"_s, m_now.addDays(-1), 100, &truncated).items.size(), 30);
    // The newest 10 of them, oldest first, and that more exist.
    const auto page = m_store->drivers().trail(u"D1"_s, m_now.addDays(-1), 10, &truncated);
    QVERIFY(truncated);
    QCOMPARE(page.items.size(), 10);
    QCOMPARE(page.items.constFirst().at, m_now.addSecs(-3600 + 20 * 60));
    QCOMPARE(page.items.constLast().at, m_now.addSecs(-3600 + 29 * 60));
    // `since` is exclusive.
    QCOMPARE(m_store->drivers()
                 .trail(u"D1"_s, m_now.addSecs(-3600 + 27 * 60), 100, &truncated)
                 .items.size(),
        2);
    // By age: the first 10 minutes go; by count: 15 of the remaining 20 stay.
    QCOMPARE(m_store->drivers().trimTrail(m_now.addSecs(-3600 + 10 * 60), 1000), 10);
    QCOMPARE(m_store->drivers().trimTrail(m_now.addDays(-1), 15), 5);
    const auto kept = m_store->drivers().trail(u"D1"_s, m_now.addDays(-1), 100, &truncated);
    QCOMPARE(kept.items.size(), 15);
    QCOMPARE(kept.items.constFirst().at, m_now.addSecs(-3600 + 15 * 60));
    // Trimming writes no events: the driver's own row is untouched.
    QCOMPARE(m_store->drivers().get(u"D1"_s)->positionAt, m_now.addSecs(-3600 + 29 * 60));
}

void tst_PositionIntake::simulatorReportsThroughTheIntake()
{
    // The demo's drivers report with their demo keys through the same intake as a phone.
    Store store;
    QVERIFY(store.open(m_dir.filePath(u"sim.sqlite"_s)).ok());
    QVERIFY(Demo::seedOrders(store, 20, 3).ok());
    QVERIFY(Demo::seedDrivers(store, 4, 3).ok());
    QCOMPARE(Demo::driversWithDemoKeys(store),
        (QStringList { u"DRV-001"_s, u"DRV-002"_s, u"DRV-003"_s, u"DRV-004"_s }));
    PositionIntake intake(store);
    Simulator sim(store, intake, 3);
    for (int i = 0; i < 50; ++i)
        sim.tick();
    // Only online drivers report (a seeded driver is offline one time in five, and a driver now
    // and then falls silent); the run is deterministic for the seed.
    QVERIFY(intake.acceptedCount(PositionIntake::Source::OsmAnd) >= 10);
    for (int r = 0; r < ReportRejectionCount; ++r)
        QCOMPARE(intake.rejectionCount(ReportRejection(r)), 0);
    int withTrail = 0;
    for (const Driver &d : store.drivers().list({}).items) {
        bool truncated = false;
        const auto trail =
            store.drivers().trail(d.id, QDateTime::fromSecsSinceEpoch(0), 1000, &truncated);
        withTrail += trail.items.isEmpty() ? 0 : 1;
        for (const TrailPoint &p : trail.items)
            QCOMPARE(p.source, u"osmand"_s);
        if (d.positionSource == "osmand"_L1)
            QCOMPARE(d.positionDevice, d.devices.constFirst().id);
    }
    QVERIFY(withTrail >= 2);
}

void tst_PositionIntake::silenceIsJudgedByTheRegionsAlertRule()
{
    // The alert engine calls a reporting driver unresponsive by the unresponsive_driver rule of
    // the driver's region: a report ends the silence, deactivating the driver ends the alert.
    AlertEngine engine(*m_store);
    const auto unresponsive = [this] {
        QStringList subjects;
        for (const Alert &a : m_store->alerts().list({}, { u"open"_s, u"acknowledged"_s }).items) {
            if (a.kind == "unresponsive_driver"_L1)
                subjects.append(a.subjectId + u'@' + a.region);
        }
        return subjects;
    };
    QCOMPARE(int(m_intake->report(report(-1)).outcome), int(PositionIntake::Outcome::Accepted));
    engine.scan(m_now.addSecs(119)); // the built-in rule: 2 min
    QVERIFY(unresponsive().isEmpty());
    engine.scan(m_now.addSecs(121));
    QCOMPARE(unresponsive(), QStringList { u"D1@north"_s });

    // The phone reports again: the next scan resolves the alert.
    m_now = m_now.addSecs(125);
    QCOMPARE(int(m_intake->report(report(-1)).outcome), int(PositionIntake::Outcome::Accepted));
    engine.scan(m_now.addSecs(1));
    QVERIFY(unresponsive().isEmpty());

    // North allows 10 min of silence: 5 min is fine, 11 min is not.
    AlertService alerts(*m_store);
    AlertRule rule = alerts.rules().rule(u"north"_s, u"unresponsive_driver"_s);
    rule.region = u"north"_s;
    rule.thresholdMinutes = 10;
    QVERIFY(alerts.updateRule(rule, 0, u"t"_s).ok());
    engine.scan(m_now.addSecs(5 * 60));
    QVERIFY(unresponsive().isEmpty());
    engine.scan(m_now.addSecs(11 * 60));
    QCOMPARE(unresponsive(), QStringList { u"D1@north"_s });

    // A deactivated driver is offline: not unresponsive, however long it is silent.
    DriverChange off;
    off.active = false;
    QVERIFY(DriverService(*m_store).change(u"D1"_s, off, std::nullopt, u"t"_s).ok());
    engine.scan(m_now.addSecs(60 * 60));
    QVERIFY(unresponsive().isEmpty());
}

QTEST_GUILESS_MAIN(tst_PositionIntake)
#include "tst_positionintake.moc"
