// opsboard-server: composition root of the reference operations server.

#include <csignal>
#include <cstdio>
#include <cstdlib>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

#include "core/logging.h"
#include "server/configfile.h"
#include "server/logformatter.h"
#include "server/opsserver.h"
#include "server/signalnotifier.h"
#include "server/tlsfiles.h"

using namespace Qt::StringLiterals;

namespace {

Ops::LogFormatter::Format s_logFormat = Ops::LogFormatter::Format::Text;
//! The --config file, and the options the command line set itself (they win over the file).
const Ops::ConfigFile *s_config = nullptr;
QStringList s_commandLineKeys;

void logHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QByteArray line = Ops::LogFormatter::format(s_logFormat, type, context.category, message,
                                Ops::RequestTracker::currentRequestId())
        + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    if (type == QtFatalMsg)
        std::abort();
}

//! "--port must be …" becomes "file:line: --port must be …" when the value came from --config.
QString withOrigin(const QString &message)
{
    if (!s_config || !message.startsWith(u"--"_s))
        return message;
    qsizetype end = 2;
    while (end < message.size() && (message.at(end).isLetterOrNumber() || message.at(end) == u'-'))
        ++end;
    const QString key = message.mid(2, end - 2);
    const QString origin = s_config->origin(key);
    if (origin.isEmpty() || s_commandLineKeys.contains(key))
        return message;
    return origin + u": "_s + message;
}

int usageError(const QString &message)
{
    std::fprintf(stderr, "opsboard-server: %s\nTry 'opsboard-server --help'.\n",
        qPrintable(withOrigin(message)));
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
    const QCommandLineOption listenOption(
        u"listen"_s, u"Address to listen on (default 127.0.0.1)."_s, u"addr"_s, u"127.0.0.1"_s);
    const QCommandLineOption portOption(
        u"port"_s, u"TCP port (default 8080; 0 picks a free port)."_s, u"n"_s, u"8080"_s);
    const QCommandLineOption dbOption(u"db"_s,
        u"SQLite database file (default: opsboard.sqlite in the app data directory), or "
        "postgresql://user[:password]@host[:port]/dbname (password also from PGPASSWORD) for "
        "several instances on one database."_s,
        u"path|url"_s);
    const QCommandLineOption usersOption(u"users"_s,
        u"JSON users file: {\"users\":[{\"name\",\"role\",\"regions\",\"tokenSha256\"}]}."_s,
        u"file"_s);
    const QCommandLineOption demoOption(
        u"demo"_s, u"Demo mode: demo tokens (unless --users), demo orders and the simulator."_s);
    const QCommandLineOption simIntervalOption(
        u"sim-interval"_s, u"Simulator tick in milliseconds (default 400)."_s, u"ms"_s, u"400"_s);
    const QCommandLineOption seedOption(
        u"seed"_s, u"Seed of the demo data and the simulator (default 1)."_s, u"n"_s, u"1"_s);
    const QCommandLineOption ordersOption(u"orders"_s,
        u"Demo orders to seed into an empty database (default 200)."_s, u"n"_s, u"200"_s);
    const QCommandLineOption noSimOption(
        u"no-sim"_s, u"Demo mode without the simulator (demo data and tokens only)."_s);
    const QCommandLineOption driversOption(u"drivers"_s,
        u"Demo drivers to seed into an empty database (default 24)."_s, u"n"_s, u"24"_s);
    const QCommandLineOption alertIntervalOption(u"alert-interval"_s,
        u"Alert engine scan interval in milliseconds; 0 turns it off (default 5000)."_s, u"ms"_s,
        u"5000"_s);
    const QCommandLineOption retainEventsOption(u"retain-events"_s,
        u"Event-log retention by count (default 100000)."_s, u"n"_s, u"100000"_s);
    const QCommandLineOption retainAgeOption(u"retain-age"_s,
        u"Event-log retention by age in seconds (default 86400)."_s, u"s"_s, u"86400"_s);
    const QCommandLineOption trimIntervalOption(u"trim-interval"_s,
        u"How often the event log is trimmed, in milliseconds (default 60000)."_s, u"ms"_s,
        u"60000"_s);
    const QCommandLineOption resetLogOption(
        u"reset-log"_s, u"Empty the event log and start a new epoch (clients resync)."_s);
    const QCommandLineOption wsRateOption(u"ws-rate"_s,
        u"WebSocket frames/s per session before frames are refused (default 20); the session is "
        "closed with 4029 above 2.5 times that."_s,
        u"n"_s, u"20"_s);
    const QCommandLineOption wsConnectRateOption(u"ws-connect-rate"_s,
        u"New WebSocket connections per client address per 10 s (default 60)."_s, u"n"_s, u"60"_s);
    const QCommandLineOption wsSendBudgetOption(u"ws-send-budget"_s,
        u"MiB of unsent WebSocket data all sessions together may hold; over it the sessions "
        "furthest behind are closed with 4030 (default 256)."_s,
        u"MiB"_s, u"256"_s);
    const QCommandLineOption idleTimeoutOption(u"idle-timeout"_s,
        u"Close HTTP connections without traffic for this many seconds; 0 never (default 30). "
        "WebSocket sessions are exempt."_s,
        u"s"_s, u"30"_s);
    const QCommandLineOption maxHeaderOption(u"max-header-bytes"_s,
        u"Largest request line plus headers; larger requests get 431 (default 16384)."_s, u"n"_s,
        u"16384"_s);
    const QCommandLineOption configOption(u"config"_s,
        u"Config file: 'key = value' lines with the long option names as keys; command-line "
        "options override it."_s,
        u"file"_s);
    const QCommandLineOption tlsCertOption(u"tls-cert"_s,
        u"PEM certificate (optionally followed by its chain): serve HTTPS and WSS."_s, u"file"_s);
    const QCommandLineOption tlsKeyOption(
        u"tls-key"_s, u"PEM private key of --tls-cert (unencrypted)."_s, u"file"_s);
    const QCommandLineOption tlsChainOption(
        u"tls-ca-chain"_s, u"PEM intermediate certificates sent after --tls-cert."_s, u"file"_s);
    const QCommandLineOption logFormatOption(u"log-format"_s,
        u"Log lines on stderr: text or json (one JSON object per line; default text)."_s,
        u"format"_s, u"text"_s);
    const QCommandLineOption shutdownTimeoutOption(u"shutdown-timeout"_s,
        u"On SIGTERM/SIGINT, seconds to drain connections before cutting them off (default "
        "10)."_s,
        u"s"_s, u"10"_s);
    const QCommandLineOption metricsTokenOption(u"metrics-token"_s,
        u"Require 'Authorization: Bearer <token>' on GET /metrics (default: open)."_s, u"token"_s);
    const QList<QCommandLineOption> options { listenOption, portOption, dbOption, usersOption,
        demoOption, simIntervalOption, seedOption, ordersOption, noSimOption, driversOption,
        alertIntervalOption, retainEventsOption, retainAgeOption, trimIntervalOption,
        resetLogOption, wsRateOption, wsConnectRateOption, wsSendBudgetOption, idleTimeoutOption,
        maxHeaderOption, tlsCertOption, tlsKeyOption, tlsChainOption, logFormatOption,
        shutdownTimeoutOption, metricsTokenOption };
    parser.addOptions(options);
    parser.addOption(configOption);

    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    // The config file goes in front of the real arguments: the last value of an option wins.
    QStringList valueKeys;
    QStringList flagKeys;
    for (const QCommandLineOption &option : options)
        (option.valueName().isEmpty() ? flagKeys : valueKeys).append(option.names().first());
    Ops::ConfigFile config(valueKeys, flagKeys);
    if (parser.isSet(configOption)) {
        if (!config.load(parser.value(configOption)))
            return usageError(config.error());
        s_config = &config;
        s_commandLineKeys = parser.optionNames();
        QStringList arguments = QCoreApplication::arguments();
        const QString program = arguments.isEmpty() ? QString() : arguments.takeFirst();
        if (!parser.parse(QStringList { program } + config.toArguments() + arguments))
            return usageError(parser.errorText());
    }
    const auto logFormat = Ops::LogFormatter::parseFormat(parser.value(logFormatOption));
    if (!logFormat)
        return usageError(u"--log-format must be text or json"_s);
    s_logFormat = *logFormat;
    qInstallMessageHandler(logHandler);
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
    const auto driverCount = parseInteger(parser.value(driversOption), 0, 100'000);
    if (!driverCount)
        return usageError(u"--drivers must be 0 to 100000"_s);
    const auto alertInterval = parseInteger(parser.value(alertIntervalOption), 0, 3'600'000);
    if (!alertInterval)
        return usageError(u"--alert-interval must be 0 to 3600000 ms"_s);
    const auto retainEvents = parseInteger(parser.value(retainEventsOption), 1, 100'000'000);
    if (!retainEvents)
        return usageError(u"--retain-events must be 1 to 100000000"_s);
    const auto retainAge = parseInteger(parser.value(retainAgeOption), 1, 365LL * 86400);
    if (!retainAge)
        return usageError(u"--retain-age must be 1 to 31536000 s"_s);
    const auto trimInterval = parseInteger(parser.value(trimIntervalOption), 10, 86'400'000);
    if (!trimInterval)
        return usageError(u"--trim-interval must be 10 to 86400000 ms"_s);
    const auto wsRate = parseInteger(parser.value(wsRateOption), 1, 100'000);
    if (!wsRate)
        return usageError(u"--ws-rate must be 1 to 100000"_s);
    const auto wsConnectRate = parseInteger(parser.value(wsConnectRateOption), 1, 1'000'000);
    if (!wsConnectRate)
        return usageError(u"--ws-connect-rate must be 1 to 1000000"_s);
    const auto wsSendBudget = parseInteger(parser.value(wsSendBudgetOption), 1, 1024 * 1024);
    if (!wsSendBudget)
        return usageError(u"--ws-send-budget must be 1 to 1048576 MiB"_s);
    const auto idleTimeout = parseInteger(parser.value(idleTimeoutOption), 0, 86'400);
    if (!idleTimeout)
        return usageError(u"--idle-timeout must be 0 to 86400 s"_s);
    const auto maxHeaderBytes = parseInteger(parser.value(maxHeaderOption), 1024, 1024 * 1024);
    if (!maxHeaderBytes)
        return usageError(u"--max-header-bytes must be 1024 to 1048576"_s);
    const auto shutdownTimeout = parseInteger(parser.value(shutdownTimeoutOption), 1, 3600);
    if (!shutdownTimeout)
        return usageError(u"--shutdown-timeout must be 1 to 3600 s"_s);
    std::optional<QSslConfiguration> tls;
    if (parser.isSet(tlsCertOption) || parser.isSet(tlsKeyOption)) {
        if (!parser.isSet(tlsCertOption) || !parser.isSet(tlsKeyOption))
            return usageError(u"--tls-cert and --tls-key go together"_s);
        QSslConfiguration configuration;
        if (const Ops::Error e = Ops::TlsFiles::load(parser.value(tlsCertOption),
                parser.value(tlsKeyOption), parser.value(tlsChainOption), &configuration);
            !e.ok())
            return usageError(e.message);
        tls = configuration;
    } else if (parser.isSet(tlsChainOption)) {
        return usageError(u"--tls-ca-chain needs --tls-cert and --tls-key"_s);
    }
    const bool demo = parser.isSet(demoOption);

    QString dbPath = parser.value(dbOption);
    if (dbPath.isEmpty()) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        if (!QDir().mkpath(dir))
            return usageError(u"cannot create the data directory %1"_s.arg(dir));
        dbPath = QDir(dir).filePath(u"opsboard.sqlite"_s);
    }
    Ops::DatabaseLocation dbLocation;
    if (const Ops::Error e = Ops::DatabaseLocation::parse(dbPath, &dbLocation); !e.ok())
        return usageError(u"--db: "_s + e.message);

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
    server.setTlsConfiguration(tls);
    server.setMetricsToken(parser.value(metricsTokenOption));
    if (const Ops::Error e = server.openStore(dbPath); !e.ok()) {
        std::fprintf(stderr, "opsboard-server: %s\n", qPrintable(e.message));
        return 1;
    }
    if (parser.isSet(resetLogOption)) {
        if (const Ops::Error e = server.store().resetLog(); !e.ok()) {
            std::fprintf(stderr, "opsboard-server: %s\n", qPrintable(e.message));
            return 1;
        }
    }
    server.setRetention(int(*retainEvents), std::chrono::seconds(*retainAge),
        std::chrono::milliseconds(*trimInterval));
    server.trimLog();
    server.hub().setMessageRateLimits(int(*wsRate), int(*wsRate) * 5 / 2);
    server.hub().setConnectionRateLimit(int(*wsConnectRate), std::chrono::seconds(10));
    server.hub().setSendBudget(qint64(*wsSendBudget) * 1024 * 1024);
    if (demo) {
        Ops::Error e = server.store().seedDemo(int(*orderCount), quint32(*seed));
        if (e.ok())
            e = server.store().seedDemoDrivers(int(*driverCount), quint32(*seed));
        if (!e.ok()) {
            std::fprintf(stderr, "opsboard-server: %s\n", qPrintable(e.message));
            return 1;
        }
        if (!parser.isSet(noSimOption))
            server.startSimulator(quint32(*seed), std::chrono::milliseconds(*simInterval));
    }
    Ops::HttpLimits limits;
    limits.idleTimeout = std::chrono::seconds(*idleTimeout);
    limits.maxHeaderBytes = qsizetype(*maxHeaderBytes);
    server.setHttpLimits(limits);
    if (*alertInterval > 0)
        server.startAlertEngine(std::chrono::milliseconds(*alertInterval));
    const quint16 boundPort = server.listen(address, quint16(*port));
    if (boundPort == 0) {
        std::fprintf(stderr, "opsboard-server: cannot listen on %s:%lld\n",
            qPrintable(address.toString()), static_cast<long long>(*port));
        return 1;
    }

    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
        ? u"[%1]"_s.arg(address.toString())
        : address.toString();
    printLine(u"opsboard-server listening on %1://%2:%3"_s.arg(tls ? u"https"_s : u"http"_s, host)
                  .arg(boundPort));
    if (demo && !parser.isSet(usersOption)) {
        printLine(u"demo token dispatcher: demo-dispatcher"_s);
        printLine(u"demo token manager: demo-manager"_s);
        printLine(u"demo token viewer: demo-viewer"_s);
    }

    // Signals arrive through a self-pipe, so the reaction runs in the event loop.
    Ops::SignalNotifier signalNotifier({ SIGINT, SIGTERM, SIGHUP });
    const QString usersFile = parser.value(usersOption);
    const std::chrono::seconds drainTime(*shutdownTimeout);
    QObject::connect(&signalNotifier, &Ops::SignalNotifier::signalReceived, &app,
        [&server, usersFile, drainTime](int signal) {
            if (signal == SIGHUP) {
                // SIGHUP re-reads the users file: revoked tokens are disconnected at once.
                if (usersFile.isEmpty())
                    return;
                Ops::Auth reloaded;
                if (const Ops::Error e = reloaded.loadFile(usersFile); !e.ok())
                    qCWarning(lcServerHttp) << "users file not reloaded:" << e.message;
                else
                    server.setAuth(reloaded);
                return;
            }
            server.shutdown(drainTime);
        });
    QObject::connect(
        &server, &Ops::OpsServer::shutdownFinished, &app, [] { QCoreApplication::exit(0); });

    return QCoreApplication::exec();
}
