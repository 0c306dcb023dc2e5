// opsboard-server: composition root of the reference operations server.

#include "core/logging.h"
#include "server/opsserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>
#include <QTimer>
#include <csignal>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

volatile std::sig_atomic_t s_quitRequested = 0;

extern "C" void onQuitSignal(int)
{
    s_quitRequested = 1;
}

int usageError(const QString &message)
{
    std::fprintf(stderr, "opsboard-server: %s\nTry 'opsboard-server --help'.\n",
        qPrintable(message));
    return 2;
}

void printLine(const QString &line)
{
    std::fputs(qPrintable(line + u'\n'), stdout);
    std::fflush(stdout);
}

std::optional<qint64> parseInteger(const QString &text, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"opsboard-server"_s);
    QCoreApplication::setApplicationVersion(QLatin1StringView(OPS_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Opsboard reference server: REST API, WebSocket change events and a simulator."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listenOption(u"listen"_s,
        u"Address to listen on (default 127.0.0.1)."_s, u"addr"_s, u"127.0.0.1"_s);
    const QCommandLineOption portOption(u"port"_s,
        u"TCP port (default 8080; 0 picks a free port)."_s, u"n"_s, u"8080"_s);
    const QCommandLineOption dbOption(u"db"_s,
        u"SQLite database file (default: opsboard.sqlite in the app data directory)."_s,
        u"path"_s);
    const QCommandLineOption usersOption(u"users"_s,
        u"JSON users file: {\"users\":[{\"name\",\"role\",\"regions\",\"tokenSha256\"}]}."_s,
        u"file"_s);
    const QCommandLineOption demoOption(u"demo"_s,
        u"Demo mode: demo tokens (unless --users), demo orders and the simulator."_s);
    const QCommandLineOption simIntervalOption(u"sim-interval"_s,
        u"Simulator tick in milliseconds (default 400)."_s, u"ms"_s, u"400"_s);
    const QCommandLineOption seedOption(u"seed"_s,
        u"Seed of the demo data and the simulator (default 1)."_s, u"n"_s, u"1"_s);
    const QCommandLineOption ordersOption(u"orders"_s,
        u"Demo orders to seed into an empty database (default 200)."_s, u"n"_s, u"200"_s);
    parser.addOptions({ listenOption, portOption, dbOption, usersOption, demoOption,
        simIntervalOption, seedOption, ordersOption });

    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(u"help"_s))
        parser.showHelp(0);
    if (parser.isSet(u"version"_s))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty())
        return usageError(u"unexpected argument '%1'"_s.arg(parser.positionalArguments().first()));

    const QHostAddress address(parser.value(listenOption));
    if (address.isNull())
        return usageError(u"--listen: '%1' is not an IP address"_s.arg(parser.value(listenOption)));
    const auto port = parseInteger(parser.value(portOption), 0, 65535);
    if (!port)
        return usageError(u"--port must be 0 to 65535"_s);
    const auto simInterval = parseInteger(parser.value(simIntervalOption), 1, 3'600'000);
    if (!simInterval)
        return usageError(u"--sim-interval must be 1 to 3600000 ms"_s);
    const auto seed = parseInteger(parser.value(seedOption), 0, 0xffffffffLL);
    if (!seed)
        return usageError(u"--seed must be 0 to 4294967295"_s);
    const auto orderCount = parseInteger(parser.value(ordersOption), 0, 1'000'000);
    if (!orderCount)
        return usageError(u"--orders must be 0 to 1000000"_s);
    const bool demo = parser.isSet(demoOption);

    QString dbPath = parser.value(dbOption);
    if (dbPath.isEmpty()) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        if (!QDir().mkpath(dir))
            return usageError(u"cannot create the data directory %1"_s.arg(dir));
        dbPath = QDir(dir).filePath(u"opsboard.sqlite"_s);
    }

    Ops::Auth auth;
    if (parser.isSet(usersOption)) {
        if (const Ops::Error e = auth.loadFile(parser.value(usersOption)); !e.ok())
            return usageError(e.message);
    } else if (demo) {
        auth = Ops::Auth::demo();
    } else {
        return usageError(u"no users: pass --users <file> or --demo"_s);
    }

    Ops::OpsServer server;
    server.setAuth(auth);
    if (const Ops::Error e = server.openStore(dbPath); !e.ok()) {
        std::fprintf(stderr, "opsboard-server: %s\n", qPrintable(e.message));
        return 1;
    }
    if (demo) {
        if (const Ops::Error e = server.store().seedDemo(int(*orderCount), quint32(*seed)); !e.ok()) {
            std::fprintf(stderr, "opsboard-server: %s\n", qPrintable(e.message));
            return 1;
        }
        server.startSimulator(quint32(*seed), std::chrono::milliseconds(*simInterval));
    }
    const quint16 boundPort = server.listen(address, quint16(*port));
    if (boundPort == 0) {
        std::fprintf(stderr, "opsboard-server: cannot listen on %s:%lld\n",
            qPrintable(address.toString()), static_cast<long long>(*port));
        return 1;
    }

    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
        ? u"[%1]"_s.arg(address.toString())
        : address.toString();
    printLine(u"opsboard-server listening on http://%1:%2"_s.arg(host).arg(boundPort));
    if (demo && !parser.isSet(usersOption)) {
        printLine(u"demo token dispatcher: demo-dispatcher"_s);
        printLine(u"demo token manager: demo-manager"_s);
        printLine(u"demo token viewer: demo-viewer"_s);
    }

    // The handler only sets a flag; the event loop notices it and quits normally.
    std::signal(SIGINT, onQuitSignal);
    std::signal(SIGTERM, onQuitSignal);
    QTimer signalCheck;
    QObject::connect(&signalCheck, &QTimer::timeout, &app, [&server] {
        if (!s_quitRequested)
            return;
        qCInfo(lcServerHttp) << "shutting down";
        if (server.simulator())
            server.simulator()->stop();
        server.hub().closeAll(Ops::Wire::CloseCode::GoingAway, u"server shutting down"_s);
        QCoreApplication::quit();
    });
    signalCheck.start(std::chrono::milliseconds(100));

    return QCoreApplication::exec();
}
