// Alerts that cannot get lost: rules (per region, changed at run time, recorded), structured
// text, receipts, escalation steps (durable, versioned, never repeated, one instance of
// several), "while you were away" and the test clock, against the real store and server.

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "frameclient.h"
#include "pgcluster.h"
#include "server/demo/demodata.h"
#include "server/domain/alertengine.h"
#include "server/domain/alertrules.h"
#include "server/domain/alertservice.h"
#include "server/domain/auth.h"
#include "server/domain/orderservice.h"
#include "server/opsserver.h"
#include "server/store/store.h"
#include "serverprocess.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_Alerting : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void builtInRulesAndStructuredText();
    void rulesChangeAtRunTimePerRegion();
    void newKindsUnassignedAndFailed();
    void receiptsAndWhoActed();
    void escalationStepsOnAnInjectedClock();
    void restartRepeatsNoStepAndLosesNone();
    void twoPostgresInstancesEscalateOnce();
    void restRulesReceiptsAndAway();
    void processKilledMidEscalation();
    void rulesFileAppliesWithoutRestart();

private:
    struct Fixture
    {
        QTemporaryDir dir;
        Store store;
        Auth users;
        bool ok = false;

        explicit Fixture(const QString &location = {})
        {
            users.addUser(
                User { u"ann"_s, User::Role::Dispatcher, { u"north"_s } }, Auth::hashToken(u"ann"));
            users.addUser(User { u"ben"_s, User::Role::Dispatcher, {} }, Auth::hashToken(u"ben"));
            users.addUser(
                User { u"max"_s, User::Role::Manager, { u"north"_s } }, Auth::hashToken(u"max"));
            users.addUser(User { u"eve"_s, User::Role::Manager, {} }, Auth::hashToken(u"eve"));
            users.addUser(User { u"vic"_s, User::Role::Viewer, {} }, Auth::hashToken(u"vic"));
            ok = store.open(location.isEmpty() ? dir.filePath(u"ops.sqlite"_s) : location).ok();
        }
    };

    //! A new order in \a region due at \a due (no driver).
    static Order order(Store &store, const QString &region, const QDateTime &due);
    static QList<Alert> openAlerts(const Store &store, const QString &kind = {});
    //! Escalation events (alert.updated with a new step) of alert \a id in the log.
    static QList<ChangeEvent> events(const Store &store, const QString &type, const QString &id);

    PgCluster m_pg;
    bool m_havePg = false;
    QNetworkAccessManager m_nam;
};

void tst_Alerting::initTestCase()
{
    m_havePg = m_pg.start();
    if (!m_havePg && qEnvironmentVariableIntValue("OPS_REQUIRE_POSTGRES") == 1)
        QFAIL(qPrintable(u"PostgreSQL is required: "_s + m_pg.errorString()));
}

Order tst_Alerting::order(Store &store, const QString &region, const QDateTime &due)
{
    Order draft;
    draft.customer = u"Corner Books"_s;
    draft.region = region;
    draft.dueAt = due;
    const StoreWrite<Order> created = OrderService(store).create(draft, u"t"_s);
    return created.item.value_or(Order {});
}

QList<Alert> tst_Alerting::openAlerts(const Store &store, const QString &kind)
{
    QList<Alert> alerts;
    for (const Alert &a : store.alerts().list({}, { u"open"_s, u"acknowledged"_s }).items) {
        if (kind.isEmpty() || a.kind == kind)
            alerts.append(a);
    }
    return alerts;
}

QList<ChangeEvent> tst_Alerting::events(const Store &store, const QString &type, const QString &id)
{
    QList<ChangeEvent> found;
    for (const ChangeEvent &e : store.log().eventsAfter(0, 100000)) {
        if (e.type == type && e.id == id)
            found.append(e);
    }
    return found;
}

void tst_Alerting::builtInRulesAndStructuredText()
{
    Fixture f;
    QVERIFY(f.ok);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const Order overdue = order(f.store, u"north"_s, now.addSecs(-20 * 60));
    AlertEngine engine(f.store, &f.users);
    QVERIFY(engine.scan(now) >= 1);
    const QList<Alert> alerts = openAlerts(f.store, u"overdue_order"_s);
    QCOMPARE(alerts.size(), 1);
    const Alert &a = alerts.first();
    QCOMPARE(a.severity, u"critical"_s); // the built-in rule's
    QCOMPARE(a.code, u"overdue_order"_s);
    QCOMPARE(a.params.value("orderId"_L1).toString(), overdue.id);
    QCOMPARE(a.params.value("customer"_L1).toString(), u"Corner Books"_s);
    QCOMPARE(a.params.value("minutes"_L1).toInt(), 20);
    QVERIFY2(a.message.contains(u"20 min overdue"_s), qPrintable(a.message)); // the fallback
    QCOMPARE(a.raisedAt, now); // the engine's clock, not the wall clock
    // The wire form carries both, and a client parses it back.
    QString error;
    const auto parsed = Alert::fromJson(a.toJson(), &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(parsed->params, a.params);
    // A kind this client does not know yet still parses (shown by its message).
    QJsonObject newer = a.toJson();
    newer.insert("kind"_L1, u"cold_chain_broken"_s);
    QVERIFY(Alert::fromJson(newer, &error));
}

void tst_Alerting::rulesChangeAtRunTimePerRegion()
{
    Fixture f;
    QVERIFY(f.ok);
    AlertService alerts(f.store);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // Due in 20 min, not picked up: late only where "late" means within 30 min.
    const Order north = order(f.store, u"north"_s, now.addSecs(20 * 60));
    const Order south = order(f.store, u"south"_s, now.addSecs(20 * 60));
    AlertEngine engine(f.store, &f.users);
    engine.scan(now);
    QVERIFY(openAlerts(f.store, u"late_order"_s).isEmpty()); // built-in: 15 min

    AlertRule rule = alerts.rules().rule(u"north"_s, u"late_order"_s);
    QCOMPARE(rule.version, 0); // built in
    rule.region = u"north"_s;
    rule.thresholdMinutes = 30;
    rule.severity = u"critical"_s;
    // A stale version is refused like any versioned write.
    QCOMPARE(alerts.updateRule(rule, 3, u"max"_s).error.kind, ErrorKind::Conflict);
    const StoreWrite<AlertRule> stored = alerts.updateRule(rule, 0, u"max"_s);
    QVERIFY2(stored.ok(), qPrintable(stored.error.message));
    QCOMPARE(stored.item->version, 1);
    QCOMPARE(stored.item->updatedBy, u"max"_s);
    // Recorded: an event carrying the whole rule.
    QCOMPARE(stored.event->type, u"alertrule.updated"_s);
    QCOMPARE(stored.event->id, u"north/late_order"_s);
    QCOMPARE(stored.event->fields.value("thresholdMinutes"_L1).toInt(), 30);

    engine.scan(now); // no restart: the next scan reads the rules
    const QList<Alert> late = openAlerts(f.store, u"late_order"_s);
    QCOMPARE(late.size(), 1);
    QCOMPARE(late.first().subjectId, north.id);
    QCOMPARE(late.first().severity, u"critical"_s);
    Q_UNUSED(south);

    // Turning the rule off resolves what it raised.
    rule.enabled = false;
    QVERIFY(alerts.updateRule(rule, 1, u"max"_s).ok());
    engine.scan(now);
    QVERIFY(openAlerts(f.store, u"late_order"_s).isEmpty());

    // Invalid values are refused and change nothing.
    rule.escalateMinutes = rule.renotifyMinutes;
    QCOMPARE(alerts.updateRule(rule, 2, u"max"_s).error.kind, ErrorKind::BadRequest);
    rule = alerts.rules().rule(u"north"_s, u"late_order"_s);
    QCOMPARE(rule.version, 2);
    rule.kind = u"nonsense"_s;
    QCOMPARE(alerts.updateRule(rule, 2, u"max"_s).error.kind, ErrorKind::BadRequest);
}

void tst_Alerting::newKindsUnassignedAndFailed()
{
    Fixture f;
    QVERIFY(f.ok);
    QVERIFY(Demo::seedDrivers(f.store, 4, 1).ok());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const Order soon = order(f.store, u"north"_s, now.addSecs(25 * 60));
    const Order failing = order(f.store, u"east"_s, now.addSecs(3 * 3600));
    AlertEngine engine(f.store, &f.users);
    engine.scan(now);
    QCOMPARE(openAlerts(f.store, u"unassigned_order"_s).size(), 1);
    QCOMPARE(openAlerts(f.store, u"unassigned_order"_s).first().subjectId, soon.id);
    // Given a driver, the cause is gone.
    const QString driver = f.store.drivers().list({ u"north"_s }).items.first().id;
    QVERIFY(OrderService(f.store)
                .change(soon.id, OrderChange { std::nullopt, driver }, std::nullopt, u"t"_s)
                .ok());
    engine.scan(now);
    QVERIFY(openAlerts(f.store, u"unassigned_order"_s).isEmpty());
    // A failed delivery is an alert nobody may miss, and it stays until someone resolves it.
    QVERIFY(OrderService(f.store)
                .setStatus(failing.id, OrderStatus::Cancelled, std::nullopt, u"t"_s)
                .ok());
    engine.scan(now);
    QVERIFY(openAlerts(f.store, u"failed_delivery"_s).isEmpty()); // cancelled is not failed
    const Order second = order(f.store, u"east"_s, now.addSecs(3 * 3600));
    QVERIFY(
        OrderService(f.store).setStatus(second.id, OrderStatus::Failed, std::nullopt, u"t"_s).ok());
    engine.scan(now.addSecs(60));
    const QList<Alert> failed = openAlerts(f.store, u"failed_delivery"_s);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().severity, u"critical"_s);
    engine.scan(now.addSecs(120));
    QCOMPARE(openAlerts(f.store, u"failed_delivery"_s).size(), 1);
}

void tst_Alerting::receiptsAndWhoActed()
{
    Fixture f;
    QVERIFY(f.ok);
    AlertService alerts(f.store);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    order(f.store, u"north"_s, now.addSecs(-600));
    AlertEngine engine(f.store, &f.users);
    engine.scan(now);
    const Alert raised = openAlerts(f.store).first();

    const StoreWrite<Alert> seenByAnn = alerts.markSeen(raised.id, u"ann"_s);
    QVERIFY(seenByAnn.ok() && seenByAnn.event);
    QCOMPARE(seenByAnn.item->version, raised.version + 1);
    // Seen again: nothing written, no event.
    const qint64 head = f.store.log().head().seq;
    const StoreWrite<Alert> again = alerts.markSeen(raised.id, u"ann"_s);
    QVERIFY(again.ok() && !again.event);
    QCOMPARE(f.store.log().head().seq, head);
    QVERIFY(alerts.markSeen(raised.id, u"ben"_s).ok());
    QVERIFY(alerts.setStatus(raised.id, u"acknowledged"_s, std::nullopt, u"ben"_s).ok());
    const Alert stored = *f.store.alerts().get(raised.id);
    QCOMPARE(stored.seenBy.size(), 2);
    QCOMPARE(stored.seenBy.at(0).user, u"ann"_s);
    QCOMPARE(stored.seenBy.at(1).user, u"ben"_s);
    QCOMPARE(stored.acknowledgedBy, u"ben"_s);
    QVERIFY(stored.acknowledgedAt.isValid());
    QVERIFY(stored.resolvedBy.isEmpty());
    // The list carries receipts too, and the wire form says all of it.
    const Alert listed = openAlerts(f.store).first();
    QCOMPARE(listed.seenBy, stored.seenBy);
    const QJsonObject json = stored.toJson();
    QCOMPARE(json.value("acknowledgedBy"_L1).toString(), u"ben"_s);
    QCOMPARE(json.value("seenBy"_L1).toArray().size(), 2);
    QVERIFY(alerts.setStatus(raised.id, u"resolved"_s, std::nullopt, u"ann"_s).ok());
    QCOMPARE(f.store.alerts().get(raised.id)->resolvedBy, u"ann"_s);
    QCOMPARE(f.store.alerts().get(raised.id)->acknowledgedBy, u"ben"_s);
    // An unknown alert is NotFound.
    QCOMPARE(alerts.markSeen(u"ALT-99999"_s, u"ann"_s).error.kind, ErrorKind::NotFound);
}

void tst_Alerting::escalationStepsOnAnInjectedClock()
{
    Fixture f;
    QVERIFY(f.ok);
    const QDateTime t0 = QDateTime::currentDateTimeUtc();
    order(f.store, u"north"_s, t0.addSecs(-60));
    AlertEngine engine(f.store, &f.users);
    engine.scan(t0);
    const QString id = openAlerts(f.store).first().id;
    const auto step = [&] { return f.store.alerts().get(id)->escalation; };

    engine.scan(t0.addSecs(4 * 60)); // renotify is due at 5 min
    QVERIFY(!step());
    engine.scan(t0.addSecs(5 * 60));
    QVERIFY(step());
    QCOMPARE(step()->step, 1);
    QCOMPARE(step()->kind, u"renotified"_s);
    // Everyone handling north: ann, ben (all regions), max, eve; not vic (viewer).
    QCOMPARE(step()->audience, (QStringList { u"ann"_s, u"ben"_s, u"eve"_s, u"max"_s }));
    engine.scan(t0.addSecs(10 * 60));
    QCOMPARE(step()->step, 1); // nothing new until 15 min
    engine.scan(t0.addSecs(15 * 60));
    QCOMPARE(step()->step, 2);
    QCOMPARE(step()->kind, u"escalated"_s);
    QCOMPARE(step()->audience, (QStringList { u"eve"_s, u"max"_s })); // north's managers
    engine.scan(t0.addSecs(60 * 60));
    QCOMPARE(step()->step, 2); // escalated once

    // Acknowledged: the acknowledger is reminded after 30 min, and every 30 min again.
    QVERIFY(AlertService(f.store).setStatus(id, u"acknowledged"_s, std::nullopt, u"ann"_s).ok());
    const QDateTime acked = f.store.alerts().get(id)->acknowledgedAt;
    engine.scan(acked.addSecs(29 * 60));
    QCOMPARE(step()->step, 2);
    engine.scan(acked.addSecs(30 * 60));
    QCOMPARE(step()->step, 3);
    QCOMPARE(step()->kind, u"reminded"_s);
    QCOMPARE(step()->audience, QStringList { u"ann"_s });
    engine.scan(acked.addSecs(45 * 60));
    QCOMPARE(step()->step, 3);
    engine.scan(acked.addSecs(61 * 60));
    QCOMPARE(step()->step, 4);
    // Each step was one versioned write with one event.
    QCOMPARE(events(f.store, u"alert.updated"_s, id).size(), 5); // 4 steps + acknowledge

    // A snoozed alert does not escalate; a resolved one never again.
    QVERIFY(
        AlertService(f.store).snooze(id, acked.addSecs(24 * 3600), std::nullopt, u"ann"_s).ok());
    engine.scan(acked.addSecs(5 * 3600));
    QCOMPARE(step()->step, 4);
    QVERIFY(AlertService(f.store).setStatus(id, u"resolved"_s, std::nullopt, u"ann"_s).ok());
    engine.scan(acked.addSecs(48 * 3600));
    QCOMPARE(step()->step, 4);
}

void tst_Alerting::restartRepeatsNoStepAndLosesNone()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"ops.sqlite"_s);
    Fixture f; // users only
    const QDateTime t0 = QDateTime::currentDateTimeUtc();
    QString id;
    {
        Store store;
        QVERIFY(store.open(path).ok());
        order(store, u"north"_s, t0.addSecs(-60));
        AlertEngine engine(store, &f.users);
        engine.scan(t0);
        id = openAlerts(store).first().id;
        engine.scan(t0.addSecs(6 * 60)); // renotified, then the "server" goes away
        QCOMPARE(store.alerts().get(id)->escalation->step, 1);
    }
    // Down for an hour: both the step it had taken and the one it owes are right.
    Store store;
    QVERIFY(store.open(path).ok());
    AlertEngine engine(store, &f.users);
    engine.scan(t0.addSecs(6 * 60)); // the same moment again: nothing repeats
    QCOMPARE(store.alerts().get(id)->escalation->step, 1);
    engine.scan(t0.addSecs(70 * 60));
    QCOMPARE(store.alerts().get(id)->escalation->step, 2);
    QCOMPARE(store.alerts().get(id)->escalation->kind, u"escalated"_s);
    const QList<ChangeEvent> steps = events(store, u"alert.updated"_s, id);
    QCOMPARE(steps.size(), 2);
}

void tst_Alerting::twoPostgresInstancesEscalateOnce()
{
    if (!m_havePg)
        QSKIP(qPrintable(PgCluster::unavailableReason()));
    QVERIFY(m_pg.createDatabase(u"escalate"_s));
    Fixture a(m_pg.url(u"escalate"_s));
    Fixture b(m_pg.url(u"escalate"_s));
    QVERIFY(a.ok && b.ok);
    const QDateTime t0 = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < 5; ++i)
        order(a.store, u"north"_s, t0.addSecs(-60 - i));
    AlertEngine engineA(a.store, &a.users);
    AlertEngine engineB(b.store, &b.users);
    engineA.scan(t0);
    engineB.scan(t0); // raises nothing twice: one unresolved alert per kind and subject
    QCOMPARE(openAlerts(a.store).size(), 5);
    // Both instances scan the same moment, interleaved: each step is written once.
    const int stepsA = engineA.scan(t0.addSecs(16 * 60));
    const int stepsB = engineB.scan(t0.addSecs(16 * 60));
    Q_UNUSED(stepsA);
    Q_UNUSED(stepsB);
    for (const Alert &alert : openAlerts(a.store)) {
        QCOMPARE(alert.escalation->step, 2);
        QCOMPARE(events(a.store, u"alert.updated"_s, alert.id).size(), 2);
    }
}

void tst_Alerting::restRulesReceiptsAndAway()
{
    QTemporaryDir dir;
    OpsServer server;
    Fixture users;
    server.setAuth(users.users);
    QVERIFY(server.openStore(dir.filePath(u"ops.sqlite"_s)).ok());
    const quint16 port = server.listen(QHostAddress::LocalHost, 0);
    QVERIFY(port != 0);
    const auto http = [&](const QByteArray &verb, const QString &path, const QString &token,
                          const QByteArray &body = {}, const QByteArray &ifMatch = {}) {
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!ifMatch.isEmpty())
            headers.append({ "If-Match", ifMatch });
        return sendHttp(m_nam, verb, QUrl(u"http://127.0.0.1:%1%2"_s.arg(port).arg(path)), token,
            body, headers);
    };
    // Rules: everyone who handles alerts reads them; managers change them, in their regions.
    const HttpResult rules = http("GET", u"/api/alert-rules"_s, u"ann"_s);
    QCOMPARE(rules.status, 200);
    QCOMPARE(rules.json.array().size(), AlertRule::kinds().size());
    QCOMPARE(http("GET", u"/api/alert-rules"_s, u"vic"_s).status, 403);
    QCOMPARE(http("PATCH", u"/api/alert-rules/north/late_order"_s, u"ann"_s,
                 R"({"thresholdMinutes":25})", "0")
                 .status,
        403);
    QCOMPARE(http("PATCH", u"/api/alert-rules/south/late_order"_s, u"max"_s,
                 R"({"thresholdMinutes":25})", "0")
                 .status,
        403); // max manages north only
    QCOMPARE(http("PATCH", u"/api/alert-rules/north/late_order"_s, u"max"_s,
                 R"({"thresholdMinutes":"soon"})", "0")
                 .status,
        400);
    QCOMPARE(http("PATCH", u"/api/alert-rules/north/nonsense"_s, u"max"_s,
                 R"({"thresholdMinutes":5})", "0")
                 .status,
        404);
    const HttpResult changed = http("PATCH", u"/api/alert-rules/north/late_order"_s, u"max"_s,
        R"({"thresholdMinutes":25,"severity":"critical"})", "0");
    QCOMPARE(changed.status, 200);
    QCOMPARE(changed.json.object().value("version"_L1).toInt(), 1);
    QCOMPARE(changed.json.object().value("updatedBy"_L1).toString(), u"max"_s);
    // The same version again is a conflict with the current rule.
    const HttpResult stale = http("PATCH", u"/api/alert-rules/north/late_order"_s, u"max"_s,
        R"({"thresholdMinutes":20})", "0");
    QCOMPARE(stale.status, 409);
    QCOMPARE(
        stale.json.object().value("current"_L1).toObject().value("thresholdMinutes"_L1).toInt(),
        25);
    QCOMPARE(http("GET", u"/api/alert-rules"_s, u"ann"_s).json.array().size(),
        AlertRule::kinds().size() + 1);

    // Alerts, receipts, and the ones raised while someone was away.
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    order(server.store(), u"north"_s, QDateTime::currentDateTimeUtc().addSecs(-600));
    AlertEngine engine(server.store(), &users.users);
    engine.scan(QDateTime::currentDateTimeUtc());
    const QString id = openAlerts(server.store()).first().id;
    const HttpResult seen = http("POST", u"/api/alerts/%1/seen"_s.arg(id), u"ann"_s);
    QCOMPARE(seen.status, 200);
    QCOMPARE(seen.json.object().value("seenBy"_L1).toArray().first().toObject().value("user"_L1),
        u"ann"_s);
    QCOMPARE(http("POST", u"/api/alerts/%1/seen"_s.arg(id), u"vic"_s).status, 403);
    const HttpResult away = http("GET",
        u"/api/alerts?status=open&raisedAfter=%1"_s.arg(before.toString(Qt::ISODateWithMs)),
        u"ben"_s);
    QCOMPARE(away.status, 200);
    QCOMPARE(away.json.array().size(), 1);
    const HttpResult later = http("GET",
        u"/api/alerts?raisedAfter=%1"_s.arg(
            QDateTime::currentDateTimeUtc().addSecs(60).toString(Qt::ISODateWithMs)),
        u"ben"_s);
    QCOMPARE(later.json.array().size(), 0);
    QCOMPARE(http("GET", u"/api/alerts?raisedAfter=yesterday"_s, u"ben"_s).status, 400);
    const HttpResult acked = http("POST", u"/api/alerts/%1/acknowledge"_s.arg(id), u"ben"_s);
    QCOMPARE(acked.json.object().value("acknowledgedBy"_L1).toString(), u"ben"_s);
}

void tst_Alerting::processKilledMidEscalation()
{
    ServerProcess server(QStringLiteral(OPS_SERVER_BINARY));
    // The demo's open orders are due within hours of its start (a tenth already late); the test
    // clock moves a day on first, so all of them are overdue.
    const QStringList args { u"--demo"_s, u"--no-sim"_s, u"--orders"_s, u"1000"_s, u"--drivers"_s,
        u"0"_s, u"--alert-interval"_s, u"3600000"_s, u"--test-clock"_s };
    QVERIFY2(server.start(0, args), qPrintable(server.errorString()));
    const auto advance = [&](int seconds) {
        return sendHttp(m_nam, "POST", QUrl(server.baseUrl().toString() + u"/api/test/clock"_s),
            u"demo-manager"_s, u"{\"advanceSeconds\":%1}"_s.arg(seconds).toUtf8());
    };
    QCOMPARE(advance(24 * 3600).status, 200); // raises
    // The escalation scan (many steps, committed in batches) runs, and the process dies
    // abruptly (SIGKILL, as kill -9) once a batch of steps is committed.
    const HttpResult crashed =
        sendHttp(m_nam, "POST", QUrl(server.baseUrl().toString() + u"/api/test/clock"_s),
            u"demo-manager"_s, R"({"advanceSeconds":960,"crashAfterSteps":1})");
    QCOMPARE(crashed.status, 0); // no answer: the process is gone
    QTRY_VERIFY(!server.isRunning());
    const auto stepsWritten = [&server] {
        Store reader;
        if (!reader.open(server.databasePath()).ok())
            return -1;
        int steps = 0;
        for (const Alert &a : reader.alerts().list({}, { u"open"_s }).items)
            steps += a.escalation ? a.escalation->step : 0;
        return steps;
    };
    const int beforeKill = stepsWritten();
    int total = 0;
    {
        Store reader;
        QVERIFY(reader.open(server.databasePath()).ok());
        total = int(reader.alerts().list({}, { u"open"_s }).items.size());
    }
    QVERIFY(total > 100);
    qInfo("died with %d of %d steps written", beforeKill, 2 * total);
    QVERIFY(beforeKill > 0 && beforeKill < 2 * total);

    // Back up (the clock's offset starts from zero again: move it well past every deadline).
    QVERIFY2(server.start(server.port(), args), qPrintable(server.errorString()));
    QCOMPARE(advance(2 * 24 * 3600).status, 200);
    server.stop();
    Store store;
    QVERIFY(store.open(server.databasePath()).ok());
    const QList<Alert> open = store.alerts().list({}, { u"open"_s }).items;
    QCOMPARE(int(open.size()), total);
    for (const Alert &alert : open) {
        // Every open alert has both steps, each exactly once: no step lost, none repeated.
        QVERIFY2(alert.escalation && alert.escalation->step == 2, qPrintable(alert.id));
        QCOMPARE(events(store, u"alert.updated"_s, alert.id).size(), 2);
    }
}

void tst_Alerting::rulesFileAppliesWithoutRestart()
{
    QTemporaryDir dir;
    const QString rulesPath = dir.filePath(u"rules.json"_s);
    const auto write = [&](const QByteArray &json) {
        // Replaced, not written in place, as editors do.
        QFile file(rulesPath + u".new"_s);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(json);
        file.close();
        QFile::remove(rulesPath);
        QVERIFY(QFile::rename(rulesPath + u".new"_s, rulesPath));
    };
    write(R"({"rules":[{"region":"north","kind":"late_order","thresholdMinutes":40}]})");
    ServerProcess server(QStringLiteral(OPS_SERVER_BINARY));
    server.setCaptureErrors(true);
    QVERIFY2(server.start(0, { u"--demo"_s, u"--no-sim"_s, u"--alert-rules"_s, rulesPath }),
        qPrintable(server.errorString()));
    const auto rule = [&](const QString &id) {
        const HttpResult r = sendHttp(m_nam, "GET",
            QUrl(server.baseUrl().toString() + u"/api/alert-rules"_s), u"demo-manager"_s);
        for (const QJsonValue &v : r.json.array()) {
            const QJsonObject o = v.toObject();
            if (o.value("region"_L1).toString() + u'/' + o.value("kind"_L1).toString() == id)
                return o;
        }
        return QJsonObject {};
    };
    QCOMPARE(rule(u"north/late_order"_s).value("thresholdMinutes"_L1).toInt(), 40);
    QCOMPARE(rule(u"north/late_order"_s).value("updatedBy"_L1).toString(), u"rules-file"_s);
    write(R"({"rules":[{"region":"north","kind":"late_order","thresholdMinutes":10},)"
          R"({"region":"*","kind":"unresponsive_driver","enabled":false}]})");
    QTRY_COMPARE(rule(u"north/late_order"_s).value("thresholdMinutes"_L1).toInt(), 10);
    QCOMPARE(rule(u"*/unresponsive_driver"_s).value("enabled"_L1).toBool(), false);
    QCOMPARE(rule(u"north/late_order"_s).value("version"_L1).toInt(), 2);
    // A broken file changes nothing (and says so in the log).
    write("{\"rules\": [ {\"kind\": \"late_order\", \"thresholdMinutes\": -3} ]}");
    QTRY_VERIFY(server.errors().contains("alert rules not reloaded"));
    QCOMPARE(rule(u"north/late_order"_s).value("thresholdMinutes"_L1).toInt(), 10);
}

QTEST_GUILESS_MAIN(tst_Alerting)
#include "tst_alerting.moc"
