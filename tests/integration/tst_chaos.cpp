// A bounded, seeded chaos run: the real opsboard-server with its simulator writing, and behind a
// fault proxy both one client stack in this process and the real opsboard app (offscreen, with
// --state-log), under random faults — cuts, half-open links, delay, kill -9 and restart, a
// frozen server (SIGSTOP, then SIGCONT). It checks that the client converges to the server's
// state whenever it says Live, that it never claims Live while events cannot reach it, and that
// no event is applied twice; and, from the app's state log alone (what its screen tells), the
// share of correct samples: the badge says Live only while events can arrive, and every panel
// equals the server after each catch-up.
//
// OPS_CHAOS_SECONDS (default 15) and OPS_CHAOS_SEED (default 42) set length and fault sequence.

#include <cstdio>
#include <optional>

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "api/apiclient.h"
#include "api/ordersapi.h"
#include "faultproxy.h"
#include "keys/querykeys.h"
#include "models/orderstablemodel.h"
#include "query/queryclient.h"
#include "realtime/connectionmanager.h"
#include "serverprocess.h"
#include "sync/eventmap.h"
#include "sync/livesync.h"
#include "sync/restqueryfn.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

namespace {

constexpr auto kToken = "demo-manager";
constexpr auto kHeartbeat = 200ms;
//! How long an honest client may still say Live after events stopped arriving: two heartbeat
//! intervals of silence, one tick of the check, and (for the app) the state log's 100 ms.
constexpr qint64 kDetectionMs = 2 * kHeartbeat.count() + 250;
constexpr qint64 kLogGapMs = 100;
//! How old a server snapshot the app may still match at catch-up checks (see appShows).
constexpr qint64 kSnapshotAgeMs = 3000;

QList<Order> sortedById(QList<Order> rows)
{
    std::sort(rows.begin(), rows.end(), [](const Order &a, const Order &b) { return a.id < b.id; });
    return rows;
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

//! The state log's digest, computed here on its own from the server's rows: SHA-1 over
//! "id:version" lines sorted by id, first 16 hex digits.
QString digestOf(const QJsonArray &rows)
{
    QList<std::pair<QString, qint64>> pairs;
    for (const QJsonValue &v : rows) {
        const QJsonObject row = v.toObject();
        pairs.append({ row.value("id"_L1).toString(), row.value("version"_L1).toInteger() });
    }
    std::sort(pairs.begin(), pairs.end());
    QByteArray text;
    for (const auto &[id, version] : pairs)
        text += u"%1:%2\n"_s.arg(id).arg(version).toUtf8();
    return QString::fromLatin1(
        QCryptographicHash::hash(text, QCryptographicHash::Sha1).toHex().left(16));
}

//! One line of the app's state log: when, whether the badge said Live, the panels' digests.
struct Sample
{
    qint64 ts = 0;
    bool live = false;
    QHash<QString, QString> digests;
    QHash<QString, int> rows;
};

//! The real app, offscreen, signed in through the proxy, writing its state log.
class AppProcess
{
public:
    explicit AppProcess(const QString &binary)
        : m_binary(binary)
    { }
    ~AppProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000))
                m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    bool start(const QUrl &server)
    {
        m_log = m_dir.filePath(u"state.jsonl"_s);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"OPSBOARD_TOKEN"_s, QString::fromLatin1(kToken));
        // Its own settings and no desktop session: nothing of the user's is read or written.
        env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
        env.remove(u"DBUS_SESSION_BUS_ADDRESS"_s);
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.setStandardOutputFile(QProcess::nullDevice());
        m_process.start(m_binary,
            { u"--server"_s, server.toString(), u"--heartbeat"_s,
                QString::number(kHeartbeat.count()), u"--state-log"_s, m_log });
        return m_process.waitForStarted(10000);
    }
    [[nodiscard]] bool isRunning() const { return m_process.state() == QProcess::Running; }
    //! Reads the lines written since the last call.
    void poll()
    {
        QFile file(m_log);
        if (!file.open(QIODevice::ReadOnly))
            return;
        file.seek(m_offset);
        const QByteArray chunk = file.readAll();
        // Whole lines only: the app may be writing the next one.
        const qsizetype end = chunk.lastIndexOf('\n') + 1;
        m_offset += end;
        for (const QByteArray &line : chunk.left(end).split('\n')) {
            if (line.isEmpty())
                continue;
            const QJsonObject json = QJsonDocument::fromJson(line).object();
            const QJsonObject window = json.value("windows"_L1).toArray().first().toObject();
            Sample sample;
            sample.ts = QDateTime::fromString(json.value("ts"_L1).toString(), Qt::ISODateWithMs)
                            .toMSecsSinceEpoch();
            sample.live = window.value("badge"_L1).toString() == "Live"_L1;
            const QJsonObject panels = window.value("panels"_L1).toObject();
            for (auto it = panels.begin(); it != panels.end(); ++it) {
                sample.digests.insert(
                    it.key(), it.value().toObject().value("digest"_L1).toString());
                sample.rows.insert(it.key(), it.value().toObject().value("rows"_L1).toInt());
            }
            samples.append(sample);
        }
    }
    //! What the screen said at \a t (the last line written before).
    [[nodiscard]] const Sample *at(qint64 t) const
    {
        const Sample *found = nullptr;
        for (const Sample &s : samples) {
            if (s.ts > t)
                break;
            found = &s;
        }
        return found;
    }

    QList<Sample> samples;

private:
    QString m_binary;
    QTemporaryDir m_dir;
    QString m_log;
    qint64 m_offset = 0;
    QProcess m_process;
};

} // namespace

class tst_Chaos : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chaos();

private:
    QList<Order> serverOrders(quint16 port);
    //! The list the server answers at \a path; nullopt when it does not answer 200 with one (an
    //! empty list is an answer: at some hours there are no alerts).
    std::optional<QJsonArray> serverRows(quint16 port, const QString &path);
    bool converged(const OrdersTableModel &model, quint16 port);
    //! The app's panel \a panel shows what the server's \a path holds: a line written after
    //! the server was asked has its digest.
    bool appShows(AppProcess &app, quint16 port, const QString &panel, const QString &path);
};

std::optional<QJsonArray> tst_Chaos::serverRows(quint16 port, const QString &path)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2"_s.arg(port).arg(path)));
    request.setRawHeader("Authorization", QByteArray("Bearer ") + kToken);
    request.setTransferTimeout(3000);
    QNetworkReply *reply = nam.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    finished.wait(5000);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonDocument body = QJsonDocument::fromJson(reply->readAll());
    reply->deleteLater();
    if (status != 200 || !body.isArray())
        return std::nullopt;
    return body.array();
}

bool tst_Chaos::appShows(AppProcess &app, quint16 port, const QString &panel, const QString &path)
{
    // The app reconnects with its own (default) backoff, which after a series of faults may wait
    // up to half a minute: catch-up starts when it is Live again. Its log may still say Live
    // just after a fault (it has not noticed yet), so the wait for Live and the comparison are
    // one: the server is asked only while the app's log says Live, for up to a minute in all.
    // The simulator keeps writing (drivers move every tick): ask the server, then look for a
    // moment after the question at which the app showed exactly that. Snapshots of the last
    // few seconds all count, so an app that shows each state a little later than 400 ms (a
    // loaded machine) still matches one; an app stuck on old data matches none.
    QList<std::pair<qint64, QString>> asked;
    const bool shown = QTest::qWaitFor(
        [&] {
            app.poll();
            if (app.samples.isEmpty() || !app.samples.last().live)
                return false;
            const qint64 now = nowMs();
            const std::optional<QJsonArray> rows = serverRows(port, path);
            if (!rows)
                return false;
            asked.append({ now, digestOf(*rows) });
            asked.removeIf([now](const auto &a) { return a.first < now - kSnapshotAgeMs; });
            return QTest::qWaitFor(
                [&] {
                    app.poll();
                    // A line says what the screen shows from its time until the next line (the
                    // newest: until now); the app writes one only when that changes, so a
                    // screen that already showed the server's state before the question has
                    // no line after it.
                    qint64 shownUntil = nowMs();
                    for (auto it = app.samples.crbegin(); it != app.samples.crend();
                         shownUntil = it->ts, ++it) {
                        if (shownUntil < asked.first().first - kLogGapMs)
                            break;
                        for (const auto &a : std::as_const(asked)) {
                            if (it->live && shownUntil >= a.first - kLogGapMs
                                && it->digests.value(panel) == a.second)
                                return true;
                        }
                    }
                    return false;
                },
                400);
        },
        60000);
    if (!shown) {
        // What the screen showed against what the server said, for the log of a failed run.
        const qint64 now = nowMs();
        for (const auto &a : std::as_const(asked))
            std::printf("CHAOS   server's %s %lld ms ago: %s\n", qPrintable(panel),
                qlonglong(now - a.first), qPrintable(a.second));
        for (qsizetype i = std::max<qsizetype>(0, app.samples.size() - 8); i < app.samples.size();
             ++i) {
            const Sample &sample = app.samples.at(i);
            std::printf("CHAOS   app's %s from %lld ms ago%s: %s\n", qPrintable(panel),
                qlonglong(now - sample.ts), sample.live ? "" : " (not live)",
                qPrintable(sample.digests.value(panel)));
        }
    }
    return shown;
}

QList<Order> tst_Chaos::serverOrders(quint16 port)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1/api/orders"_s.arg(port)));
    request.setRawHeader("Authorization", QByteArray("Bearer ") + kToken);
    request.setTransferTimeout(3000);
    QNetworkReply *reply = nam.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    finished.wait(5000);
    QString error;
    const auto orders =
        OrdersApi::parseList(QJsonDocument::fromJson(reply->readAll()).array(), &error);
    reply->deleteLater();
    return sortedById(orders.value_or(QList<Order>()));
}

bool tst_Chaos::converged(const OrdersTableModel &model, quint16 port)
{
    const QList<Order> server = serverOrders(port);
    return !server.isEmpty() && sortedById(model.orders()) == server;
}

void tst_Chaos::chaos()
{
    const int seconds = qEnvironmentVariableIsSet("OPS_CHAOS_SECONDS")
        ? qEnvironmentVariableIntValue("OPS_CHAOS_SECONDS")
        : 15;
    const quint32 seed = qEnvironmentVariableIsSet("OPS_CHAOS_SEED")
        ? quint32(qEnvironmentVariableIntValue("OPS_CHAOS_SEED"))
        : 42;
    QRandomGenerator rng(seed);

    ServerProcess server(QString::fromUtf8(OPS_SERVER_BINARY));
    QVERIFY2(
        server.start(
            0, { u"--demo"_s, u"--sim-interval"_s, u"150"_s, u"--seed"_s, QString::number(seed) }),
        qPrintable(server.errorString()));
    FaultProxy proxy(server.port());
    QVERIFY(proxy.listen());
    const QUrl base(u"http://127.0.0.1:%1"_s.arg(proxy.port()));

    ApiClient api;
    api.setBaseUrl(base);
    api.setToken(QString::fromLatin1(kToken));
    api.setDefaultTimeout(2s);
    QueryClient queries;
    queries.setDefaultQueryFn(restQueryFn(&api));
    queries.setRetryPolicy({ 2, 50ms, 400ms });
    ConnectionManager connection;
    connection.setUrl(QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(proxy.port())));
    connection.setToken(QString::fromLatin1(kToken));
    connection.setBackoffPolicy({ 50ms, 1s, 2.0, 1.0 });
    connection.setHeartbeatInterval(kHeartbeat);
    connection.setConnectTimeout(2s);
    connection.setRandomSeed(seed);
    LiveSync sync(&connection, &api, &queries, EventMap::builtIn());
    OrdersTableModel orders(&queries, QueryKeys::orders());
    // The app, through the same proxy: what its screen tells is judged from its state log.
    AppProcess app(QString::fromUtf8(OPS_APP_BINARY));
    QVERIFY(app.start(base));
    QTimer reader;
    connect(&reader, &QTimer::timeout, this, [&app] { app.poll(); });
    reader.start(50);
    //! When events could not reach anyone: [from, to] (wall clock, ms).
    QList<std::pair<qint64, qint64>> unreachable;

    // No event applied twice: every delivered (epoch, seq) is new.
    QSet<QString> delivered;
    int duplicates = 0;
    connect(&connection, &ConnectionManager::eventReceived, this, [&](const ChangeEvent &e) {
        const QString id = e.epoch + u':' + QString::number(e.seq);
        if (delivered.contains(id))
            ++duplicates;
        delivered.insert(id);
    });

    // Never Live while events cannot arrive: sampled every 20 ms. Detection may take two
    // heartbeat intervals plus one tick of the check, so only longer claims are violations.
    QElapsedTimer unreachableFor;
    int liesDetected = 0;
    QTimer honesty;
    connect(&honesty, &QTimer::timeout, this, [&] {
        if (unreachableFor.isValid() && connection.isLive()
            && unreachableFor.elapsed() > 2 * kHeartbeat.count() + 250)
            ++liesDetected;
    });
    honesty.start(20);

    connection.open();
    QTRY_VERIFY_WITH_TIMEOUT(connection.isLive(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!app.samples.isEmpty() && app.samples.last().live, 20000);

    int checks = 0;
    int passed = 0;
    int appChecks = 0;
    int appPassed = 0;
    const auto checkConvergence = [&](const char *after) {
        ++checks;
        // A condition wait: the simulator keeps writing, so poll until a snapshot matches.
        if (QTest::qWaitFor(
                [&] { return connection.isLive() && converged(orders, server.port()); }, 15000))
            ++passed;
        else
            std::printf("CHAOS no convergence after %s\n", after);
        // Every list panel of the app equals the server after the catch-up.
        for (const auto &[panel, path] : { std::pair { u"orders"_s, u"/api/orders"_s },
                 std::pair { u"drivers"_s, u"/api/drivers"_s },
                 std::pair { u"alerts"_s, u"/api/alerts?status=open,acknowledged"_s } }) {
            ++appChecks;
            if (appShows(app, server.port(), panel, path))
                ++appPassed;
            else
                std::printf("CHAOS app's %s panel differs from the server after %s: %d rows, "
                            "%s; the server has %lld rows, %s\n",
                    qPrintable(panel), after, app.samples.last().rows.value(panel),
                    qPrintable(app.samples.last().digests.value(panel)),
                    qlonglong(serverRows(server.port(), path).value_or(QJsonArray()).size()),
                    qPrintable(digestOf(serverRows(server.port(), path).value_or(QJsonArray()))));
        }
    };

    QElapsedTimer run;
    run.start();
    int faults = 0;
    const qint64 runStart = nowMs();
    while (run.elapsed() < seconds * 1000) {
#ifdef Q_OS_UNIX
        const int kind = int(rng.bounded(5));
#else
        const int kind = int(rng.bounded(4)); // no SIGSTOP to freeze the server with
#endif
        const int holdMs = 300 + int(rng.bounded(1200));
        const char *name = "";
        switch (kind) {
        case 0:
            name = "cut";
            proxy.cutAll();
            break;
        case 1: {
            name = "half-open";
            const qint64 from = nowMs();
            proxy.setBlackhole(true);
            unreachableFor.start();
            QTRY_VERIFY_WITH_TIMEOUT(!connection.isLive(), 5000);
            QTest::qWait(holdMs);
            proxy.setBlackhole(false);
            unreachableFor.invalidate();
            unreachable.append({ from, nowMs() });
            proxy.cutAll(); // the dead NAT entry goes away
            break;
        }
        case 2:
            name = "delay";
            proxy.setDelay(30 + int(rng.bounded(120)));
            QTest::qWait(holdMs);
            proxy.setDelay(0);
            break;
        case 3: {
            name = "kill -9 + restart";
            const qint64 from = nowMs();
            unreachableFor.start();
            server.kill();
            QTRY_VERIFY_WITH_TIMEOUT(!connection.isLive(), 5000);
            QTest::qWait(holdMs);
            // Until it listens again no event can arrive.
            const qint64 restarting = nowMs();
            QVERIFY2(server.restart(), qPrintable(server.errorString()));
            proxy.setUpstreamPort(server.port());
            unreachableFor.invalidate();
            unreachable.append({ from, restarting });
            break;
        }
        case 4: {
            name = "frozen (SIGSTOP)";
            const qint64 from = nowMs();
            server.freeze();
            unreachableFor.start();
            QTRY_VERIFY_WITH_TIMEOUT(!connection.isLive(), 5000);
            QTest::qWait(holdMs);
            unreachable.append({ from, nowMs() });
            server.thaw();
            unreachableFor.invalidate();
            break;
        }
        }
        ++faults;
        std::printf("CHAOS fault %d: %s, %d ms\n", faults, name, holdMs);
        checkConvergence(name);
    }
    checkConvergence("the end");
    honesty.stop();
    reader.stop();
    app.poll();
    QVERIFY(app.isRunning());

    // The app's screen, sampled every 50 ms from its log: Live only while events can arrive.
    int samples = 0;
    int correct = 0;
    for (qint64 t = runStart; t <= nowMs(); t += 50) {
        const Sample *shown = app.at(t);
        if (!shown)
            continue;
        ++samples;
        const bool blind = std::any_of(unreachable.begin(), unreachable.end(), [t](const auto &w) {
            return t >= w.first + kDetectionMs + kLogGapMs && t <= w.second;
        });
        if (blind && shown->live)
            std::printf("CHAOS app said Live at %s while no event could arrive\n",
                qPrintable(QDateTime::fromMSecsSinceEpoch(t).toString(Qt::ISODateWithMs)));
        else
            ++correct;
    }
    std::printf("CHAOS app state log: %lld lines, %d samples, %d correct (%.1f %%); panels equal "
                "to the server after catch-up: %d of %d\n",
        qlonglong(app.samples.size()), samples, correct, samples ? 100.0 * correct / samples : 0.0,
        appPassed, appChecks);

    std::printf("CHAOS seed %u, %d s, %d faults: checks made %d, checks passed %d, events %lld, "
                "duplicates %d, false Live claims %d\n",
        seed, seconds, faults, checks, passed, qlonglong(delivered.size()), duplicates,
        liesDetected);
    std::fflush(stdout);
    QCOMPARE(passed, checks);
    QCOMPARE(duplicates, 0);
    QCOMPARE(liesDetected, 0);
    QVERIFY(delivered.size() > 0);
    QVERIFY(samples > 0);
    QCOMPARE(correct, samples);
    QCOMPARE(appPassed, appChecks);
}

QTEST_GUILESS_MAIN(tst_Chaos)
#include "tst_chaos.moc"
