// DriverActions against the real opsboard-server: a manager adds, edits (If-Match; 409 with the
// current row), deactivates and reactivates drivers, registers and revokes phones; the answers
// land in the drivers list, refusals carry the server's words and the field they are about, and
// a device key never reaches the query cache.

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include "keys/querykeys.h"
#include "query/queryobserver.h"
#include "serverprocess.h"
#include "sync/session.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

namespace {

//! A session with the drivers and orders lists observed (as the panels do), live.
struct Client
{
    explicit Client(const ServerProcess &server, const QString &token = u"demo-manager"_s)
    {
        session.queries()->setRetryPolicy({ 2, 20ms, 200ms });
        drivers = std::make_unique<QueryObserver>(
            session.queries(), QueryOptions { QueryKeys::drivers() });
        orders = std::make_unique<QueryObserver>(
            session.queries(), QueryOptions { QueryKeys::orders() });
        session.start(server.baseUrl(), token);
    }
    bool ready()
    {
        return QTest::qWaitFor(
            [this] {
                return session.isLive()
                    && session.queries()->queryData(QueryKeys::drivers()).isArray()
                    && session.queries()->queryData(QueryKeys::orders()).isArray();
            },
            10000);
    }
    DriverActions *actions() { return session.driverActions(); }
    //! Runs \a start (which is handed the completion) and waits for the server's answer.
    template<typename Start> std::optional<DriverActionResult> run(Start start)
    {
        std::optional<DriverActionResult> out;
        QObject context;
        if (!start(&context, [&out](const DriverActionResult &r) { out = r; }))
            return std::nullopt;
        if (!QTest::qWaitFor([&out] { return out.has_value(); }, 10000))
            qWarning("no answer within 10 s");
        return out;
    }
    Session session;
    std::unique_ptr<QueryObserver> drivers;
    std::unique_ptr<QueryObserver> orders;
};

} // namespace

class tst_DriverActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fieldOf_data();
    void fieldOf();
    void createThenEditThenConflict();
    void refusedFieldIsNamed();
    void deactivationWithOpenOrdersIsRefusedWithTheServersWords();
    void deactivateAndReactivate();
    void deviceKeyIsHandedOverNotCached();
    void onlyManagersManage();

private:
    std::unique_ptr<ServerProcess> m_server;
};

void tst_DriverActions::initTestCase()
{
    m_server = std::make_unique<ServerProcess>(QString::fromUtf8(OPS_SERVER_BINARY));
    QVERIFY2(
        m_server->start(0, { u"--demo"_s, u"--no-sim"_s }), qPrintable(m_server->errorString()));
}

void tst_DriverActions::fieldOf_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("field");
    QTest::newRow("named") << uR"({"field":"dueAt","message":"'dueAt' must be"})"_s << u"dueAt"_s;
    QTest::newRow("quoted") << uR"({"message":"'phone' must be empty or"})"_s << u"phone"_s;
    QTest::newRow("none") << uR"({"message":"a driver needs 'name' and 'region'"})"_s << QString();
}

void tst_DriverActions::fieldOf()
{
    QFETCH(QString, body);
    QFETCH(QString, field);
    QCOMPARE(DriverActions::fieldOf(QJsonDocument::fromJson(body.toUtf8()).object()), field);
}

void tst_DriverActions::createThenEditThenConflict()
{
    Client a(*m_server);
    Client b(*m_server);
    QVERIFY(a.ready() && b.ready());
    QVERIFY(a.actions()->canManage());

    auto created = a.run([&](QObject *c, DriverActions::Done d) {
        return a.actions()->create(
            { { "name"_L1, u"Zoe Park"_s }, { "region"_L1, u"north"_s },
                { "phone"_L1, u"+44 20 7946 0018"_s }, { "vehicle"_L1, u"Cargo bike 3"_s } },
            c, std::move(d));
    });
    QVERIFY(created && created->ok);
    const QString id = created->driver.value("id"_L1).toString();
    QVERIFY(id.startsWith(u"DRV-"_s));
    // In this client's list at once (the answer), in the other's by the event.
    QCOMPARE(a.actions()->cachedDriver(id).value("phone"_L1).toString(), u"+44 20 7946 0018"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        b.actions()->cachedDriver(id).value("name"_L1).toString(), u"Zoe Park"_s, 10000);
    QVERIFY(a.actions()->cachedDriver(id).value("lat"_L1).isNull()); // no position yet

    const qint64 shown = b.actions()->cachedDriver(id).value("version"_L1).toInteger();
    auto edited = a.run([&](QObject *c, DriverActions::Done d) {
        return a.actions()->edit(id, { { "vehicle"_L1, u"Van 7"_s } },
            a.actions()->cachedDriver(id).value("version"_L1).toInteger(), c, std::move(d));
    });
    QVERIFY(edited && edited->ok);
    QCOMPARE(edited->driver.value("vehicle"_L1).toString(), u"Van 7"_s);
    QCOMPARE(a.actions()->cachedDriver(id).value("vehicle"_L1).toString(), u"Van 7"_s);

    // B edits on the version it showed before A's change: 409 with the server's row, which
    // replaces B's cached one.
    auto stale = b.run([&](QObject *c, DriverActions::Done d) {
        return b.actions()->edit(
            id, { { "phone"_L1, u"+44 20 0000 0000"_s } }, shown, c, std::move(d));
    });
    QVERIFY(stale && !stale->ok);
    QCOMPARE(stale->kind, ErrorKind::Conflict);
    QCOMPARE(stale->driver.value("vehicle"_L1).toString(), u"Van 7"_s);
    QCOMPARE(stale->driver.value("phone"_L1).toString(), u"+44 20 7946 0018"_s);
    QCOMPARE(b.actions()->cachedDriver(id).value("vehicle"_L1).toString(), u"Van 7"_s);
}

void tst_DriverActions::refusedFieldIsNamed()
{
    Client a(*m_server);
    QVERIFY(a.ready());
    auto refused = a.run([&](QObject *c, DriverActions::Done d) {
        return a.actions()->create({ { "name"_L1, u"Bad Phone"_s }, { "region"_L1, u"north"_s },
                                       { "phone"_L1, u"call me"_s } },
            c, std::move(d));
    });
    QVERIFY(refused && !refused->ok);
    QCOMPARE(refused->kind, ErrorKind::BadRequest);
    QCOMPARE(refused->field, u"phone"_s);
    QVERIFY2(refused->message.startsWith(u"'phone'"_s), qPrintable(refused->message));
}

void tst_DriverActions::deactivationWithOpenOrdersIsRefusedWithTheServersWords()
{
    Client a(*m_server);
    QVERIFY(a.ready());
    QString busy;
    const QJsonArray orders = a.session.queries()->queryData(QueryKeys::orders()).toArray();
    for (const QJsonValue &v : orders) {
        const QString status = v.toObject().value("status"_L1).toString();
        if (status == "assigned"_L1 || status == "picked_up"_L1 || status == "in_transit"_L1) {
            busy = v.toObject().value("driverId"_L1).toString();
            if (!busy.isEmpty())
                break;
        }
    }
    QVERIFY2(!busy.isEmpty(), "the demo has a driver with open orders");
    const qint64 before = a.actions()->cachedDriver(busy).value("version"_L1).toInteger();
    auto refused = a.run([&](QObject *c, DriverActions::Done d) {
        return a.actions()->setActive(busy, false, c, std::move(d));
    });
    QVERIFY(refused && !refused->ok);
    QCOMPARE(refused->kind, ErrorKind::BadRequest);
    QVERIFY2(refused->message.contains(u"open order"_s), qPrintable(refused->message));
    QVERIFY2(refused->message.contains(u"ORD-"_s), qPrintable(refused->message));
    QCOMPARE(a.actions()->cachedDriver(busy).value("active"_L1).toBool(), true);
    QCOMPARE(a.actions()->cachedDriver(busy).value("version"_L1).toInteger(), before);
}

void tst_DriverActions::deactivateAndReactivate()
{
    Client a(*m_server);
    QVERIFY(a.ready());
    auto created = a.run([&](QObject *c, DriverActions::Done d) {
        return a.actions()->create(
            { { "name"_L1, u"Idle Ida"_s }, { "region"_L1, u"east"_s } }, c, std::move(d));
    });
    QVERIFY(created && created->ok);
    const QString id = created->driver.value("id"_L1).toString();
    QSignalSpy changed(a.actions(), &DriverActions::driverChanged);
    auto off = a.run([&](QObject *c, DriverActions::Done d) {
        return a.actions()->setActive(id, false, c, std::move(d));
    });
    QVERIFY(off && off->ok);
    QCOMPARE(a.actions()->cachedDriver(id).value("active"_L1).toBool(), false);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toString(), id);
    auto on = a.run([&](QObject *c, DriverActions::Done d) {
        return a.actions()->setActive(id, true, c, std::move(d));
    });
    QVERIFY(on && on->ok);
    QCOMPARE(a.actions()->cachedDriver(id).value("active"_L1).toBool(), true);
    QVERIFY(!a.actions()->setActive(u"DRV-NOPE"_s, false, this, [](const DriverActionResult &) {}));
}

void tst_DriverActions::deviceKeyIsHandedOverNotCached()
{
    Client a(*m_server);
    QVERIFY(a.ready());
    const QString id = u"DRV-002"_s;
    auto registered = a.run([&](QObject *c, DriverActions::Done d) {
        return a.actions()->registerDevice(id, u"Test phone"_s, c, std::move(d));
    });
    QVERIFY(registered && registered->ok);
    const QString key = registered->deviceKey;
    QCOMPARE(key.size(), 26);
    const QString deviceId = registered->device.value("id"_L1).toString();
    QVERIFY(deviceId.startsWith(u"DEV-"_s));
    // The device is in the list, its key is nowhere in the cache.
    const QJsonArray devices = a.actions()->cachedDriver(id).value("devices"_L1).toArray();
    QVERIFY(std::any_of(devices.begin(), devices.end(),
        [&](const QJsonValue &v) { return v.toObject().value("id"_L1).toString() == deviceId; }));
    for (const auto &[k, value] : a.session.queries()->queriesData(QueryFilter {})) {
        const QByteArray json = value.isArray() ? QJsonDocument(value.toArray()).toJson()
                                                : QJsonDocument(value.toObject()).toJson();
        QVERIFY2(!json.contains(key.toUtf8()), qPrintable(k.toString()));
    }

    auto revoked = a.run([&](QObject *c, DriverActions::Done d) {
        return a.actions()->revokeDevice(id, deviceId, c, std::move(d));
    });
    QVERIFY(revoked && revoked->ok);
    const QJsonArray after = a.actions()->cachedDriver(id).value("devices"_L1).toArray();
    QVERIFY(std::none_of(after.begin(), after.end(),
        [&](const QJsonValue &v) { return v.toObject().value("id"_L1).toString() == deviceId; }));
    auto again = a.run([&](QObject *c, DriverActions::Done d) {
        return a.actions()->revokeDevice(id, deviceId, c, std::move(d));
    });
    QVERIFY(again && !again->ok);
    QCOMPARE(again->kind, ErrorKind::NotFound);
}

void tst_DriverActions::onlyManagersManage()
{
    Client a(*m_server, u"demo-dispatcher"_s);
    QVERIFY(a.ready());
    QVERIFY(!a.actions()->canManage());
    auto refused = a.run([&](QObject *c, DriverActions::Done d) {
        return a.actions()->create(
            { { "name"_L1, u"Nope"_s }, { "region"_L1, u"north"_s } }, c, std::move(d));
    });
    QVERIFY(refused && !refused->ok);
    QCOMPARE(refused->kind, ErrorKind::Forbidden);
}

QTEST_GUILESS_MAIN(tst_DriverActions)
#include "tst_driveractions.moc"
