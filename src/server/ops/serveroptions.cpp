#include "serveroptions.h"

#include <algorithm>
#include <functional>
#include <optional>

#include <QCommandLineParser>
#include <QHash>
#include <QRegularExpression>
#include <QUrl>

#include "configfile.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

//! \brief An option that takes a whole number in a range.
struct NumberOption
{
    QString name;
    QString description;
    QString valueName;
    qint64 defaultValue;
    qint64 min;
    qint64 max;
    QString unit; //!< for the range message: "ms", "s", "MiB" or empty
    std::function<void(ServerOptions &, qint64)> apply;
};

const QList<NumberOption> &numberOptions()
{
    using std::chrono::milliseconds;
    using std::chrono::seconds;
    static const QList<NumberOption> options {
        { u"port"_s, u"TCP port (default 8080; 0 picks a free port)."_s, u"n"_s, 8080, 0, 65535, {},
            [](ServerOptions &o, qint64 v) { o.port = quint16(v); } },
        { u"sim-interval"_s, u"Simulator tick in milliseconds (default 400)."_s, u"ms"_s, 400, 1,
            3'600'000, u"ms"_s,
            [](ServerOptions &o, qint64 v) { o.simInterval = milliseconds(v); } },
        { u"seed"_s, u"Seed of the demo data and the simulator (default 1)."_s, u"n"_s, 1, 0,
            0xffffffffLL, {}, [](ServerOptions &o, qint64 v) { o.seed = quint32(v); } },
        { u"orders"_s, u"Demo orders to seed into an empty database (default 200)."_s, u"n"_s, 200,
            0, 1'000'000, {}, [](ServerOptions &o, qint64 v) { o.demoOrders = int(v); } },
        { u"drivers"_s, u"Demo drivers to seed into an empty database (default 24)."_s, u"n"_s, 24,
            0, 100'000, {}, [](ServerOptions &o, qint64 v) { o.demoDrivers = int(v); } },
        { u"alert-interval"_s,
            u"Alert engine scan interval in milliseconds; 0 turns it off (default 5000)."_s,
            u"ms"_s, 5000, 0, 3'600'000, u"ms"_s,
            [](ServerOptions &o, qint64 v) { o.alertInterval = milliseconds(v); } },
        { u"retain-events"_s, u"Event-log retention by count (default 100000)."_s, u"n"_s, 100000,
            1, 100'000'000, {}, [](ServerOptions &o, qint64 v) { o.retainEvents = int(v); } },
        { u"retain-age"_s, u"Event-log retention by age in seconds (default 86400)."_s, u"s"_s,
            86400, 1, 365LL * 86400, u"s"_s,
            [](ServerOptions &o, qint64 v) { o.retainAge = seconds(v); } },
        { u"trim-interval"_s,
            u"How often the event log is trimmed, in milliseconds (default 60000)."_s, u"ms"_s,
            60000, 10, 86'400'000, u"ms"_s,
            [](ServerOptions &o, qint64 v) { o.trimInterval = milliseconds(v); } },
        { u"ws-rate"_s,
            u"WebSocket frames/s per session before frames are refused (default 20); the session "
            "is closed with 4029 above 2.5 times that."_s,
            u"n"_s, 20, 1, 100'000, {}, [](ServerOptions &o, qint64 v) { o.wsRate = int(v); } },
        { u"ws-connect-rate"_s,
            u"New WebSocket connections per client address per 10 s (default 60)."_s, u"n"_s, 60, 1,
            1'000'000, {}, [](ServerOptions &o, qint64 v) { o.wsConnectRate = int(v); } },
        { u"ws-send-budget"_s,
            u"MiB of unsent WebSocket data all sessions together may hold; over it the sessions "
            "furthest behind are closed with 4030 (default 256)."_s,
            u"MiB"_s, 256, 1, 1024 * 1024, u"MiB"_s,
            [](ServerOptions &o, qint64 v) { o.wsSendBudgetBytes = v * 1024 * 1024; } },
        { u"ws-threads"_s,
            u"WebSocket worker threads, each with its own sessions and event loop; 0 is one per "
            "CPU core (default 0)."_s,
            u"n"_s, 0, 0, 256, {}, [](ServerOptions &o, qint64 v) { o.wsThreads = int(v); } },
        { u"ws-auth-timeout"_s,
            u"Milliseconds a new WebSocket session has to send its auth frame; it is closed with "
            "4008 after that (default 5000)."_s,
            u"ms"_s, 5000, 100, 600'000, u"ms"_s,
            [](ServerOptions &o, qint64 v) { o.wsAuthTimeout = milliseconds(v); } },
        { u"ws-heartbeat"_s,
            u"WebSocket ping interval in milliseconds; a peer silent for two intervals is dropped "
            "(default 10000)."_s,
            u"ms"_s, 10000, 100, 3'600'000, u"ms"_s,
            [](ServerOptions &o, qint64 v) { o.wsHeartbeat = milliseconds(v); } },
        { u"ws-max-channels"_s, u"Channels one WebSocket session may hold at once (default 8)."_s,
            u"n"_s, 8, 1, 64, {}, [](ServerOptions &o, qint64 v) { o.wsMaxChannels = int(v); } },
        { u"idle-timeout"_s,
            u"Close HTTP connections without traffic for this many seconds; 0 never (default 30). "
            "WebSocket sessions are exempt."_s,
            u"s"_s, 30, 0, 86'400, u"s"_s,
            [](ServerOptions &o, qint64 v) { o.idleTimeout = seconds(v); } },
        { u"max-header-bytes"_s,
            u"Largest request line plus headers; larger requests get 431 (default 16384)."_s,
            u"n"_s, 16384, 1024, 1024 * 1024, {},
            [](ServerOptions &o, qint64 v) { o.maxHeaderBytes = int(v); } },
        { u"shutdown-timeout"_s,
            u"On SIGTERM/SIGINT, seconds to drain connections before cutting them off (default "
            "10)."_s,
            u"s"_s, 10, 1, 3600, u"s"_s,
            [](ServerOptions &o, qint64 v) { o.shutdownTimeout = seconds(v); } },
        { u"webhook-timeout"_s,
            u"Milliseconds a webhook endpoint has to answer a delivery (default 10000)."_s, u"ms"_s,
            10000, 100, 600'000, u"ms"_s,
            [](ServerOptions &o, qint64 v) { o.webhookTimeout = milliseconds(v); } },
        { u"webhook-retry-initial"_s,
            u"Milliseconds before the first retry of a failed webhook delivery; each further "
            "retry waits twice as long (default 1000)."_s,
            u"ms"_s, 1000, 1, 3'600'000, u"ms"_s,
            [](ServerOptions &o, qint64 v) { o.webhookRetryInitial = milliseconds(v); } },
        { u"webhook-retry-max"_s,
            u"Longest wait between retries of a webhook delivery, in milliseconds (default "
            "300000)."_s,
            u"ms"_s, 300000, 1, 86'400'000, u"ms"_s,
            [](ServerOptions &o, qint64 v) { o.webhookRetryMax = milliseconds(v); } },
        { u"osmand-port"_s,
            u"Also take OsmAnd position reports (Traccar Client) on this port, at / and "
            "/api/osmand; Traccar's usual port is 5055 (default 0: off)."_s,
            u"n"_s, 0, 0, 65535, {},
            [](ServerOptions &o, qint64 v) { o.osmandPort = quint16(v); } },
        { u"position-burst"_s, u"Position reports one device may send at once (default 60)."_s,
            u"n"_s, 60, 1, 1'000'000, {},
            [](ServerOptions &o, qint64 v) { o.positionBurst = int(v); } },
        { u"position-interval"_s,
            u"After its burst, one more position report per device every this many "
            "milliseconds (default 1000)."_s,
            u"ms"_s, 1000, 1, 3'600'000, u"ms"_s,
            [](ServerOptions &o, qint64 v) { o.positionInterval = milliseconds(v); } },
        { u"position-address-burst"_s,
            u"Position reports one client address may send at once (default 1000)."_s, u"n"_s, 1000,
            1, 1'000'000, {}, [](ServerOptions &o, qint64 v) { o.positionAddressBurst = int(v); } },
        { u"position-address-interval"_s,
            u"After its burst, one more position report per client address every this many "
            "milliseconds (default 5)."_s,
            u"ms"_s, 5, 1, 3'600'000, u"ms"_s,
            [](ServerOptions &o, qint64 v) { o.positionAddressInterval = milliseconds(v); } },
        { u"trail-hours"_s, u"Hours of each driver's positions kept as its trail (default 12)."_s,
            u"h"_s, 12, 1, 24 * 30, u"h"_s,
            [](ServerOptions &o, qint64 v) { o.trailRetention = std::chrono::hours(v); } },
        { u"trail-points"_s, u"Most positions kept in one driver's trail (default 5000)."_s, u"n"_s,
            5000, 10, 1'000'000, {}, [](ServerOptions &o, qint64 v) { o.trailPoints = int(v); } },
        { u"eta-throttle"_s,
            u"Position reports recompute a driver's ETAs at most this often, in milliseconds "
            "(default 2000)."_s,
            u"ms"_s, 2000, 10, 600'000, u"ms"_s,
            [](ServerOptions &o, qint64 v) { o.etaThrottle = milliseconds(v); } },
        { u"routing-timeout"_s,
            u"Time budget of one routing-service request in milliseconds; slower answers are "
            "replaced by the built-in estimate (default 1000)."_s,
            u"ms"_s, 1000, 10, 60'000, u"ms"_s,
            [](ServerOptions &o, qint64 v) { o.routingTimeout = milliseconds(v); } },
        { u"at-risk-minutes"_s,
            u"Open orders due within this many minutes (or predicted late) are at risk "
            "(default 15)."_s,
            u"min"_s, 15, 1, 1440, u"min"_s,
            [](ServerOptions &o, qint64 v) { o.atRisk = std::chrono::minutes(v); } },
        { u"finished-visible-for"_s,
            u"Minutes finished orders stay in the default order list; 0 keeps them (default "
            "120)."_s,
            u"min"_s, 120, 0, 525'600, u"min"_s,
            [](ServerOptions &o, qint64 v) { o.finishedVisibleFor = std::chrono::minutes(v); } },
    };
    return options;
}

//! \brief An option that takes a decimal number in a range.
struct DecimalOption
{
    QString name;
    QString description;
    QString valueName;
    QString defaultValue;
    double min;
    double max;
    QString unit;
    double ServerOptions::*member;
};

const QList<DecimalOption> &decimalOptions()
{
    static const QList<DecimalOption> options {
        { u"eta-speed"_s,
            u"Built-in ETA model: average speed in km/h where a region has none of its own "
            "(default 18)."_s,
            u"km/h"_s, u"18"_s, 1, 200, u"km/h"_s, &ServerOptions::etaSpeedKmh },
        { u"eta-detour"_s,
            u"Built-in ETA model: road distance per straight-line distance (default 1.4)."_s,
            u"factor"_s, u"1.4"_s, 1, 5, {}, &ServerOptions::etaDetourFactor },
    };
    return options;
}

//! The options that take text, in --help order, with where each goes.
struct TextOption
{
    QString name;
    QString description;
    QString valueName;
    QString defaultValue;
    QString ServerOptions::*member;
};

const QList<TextOption> &textOptions()
{
    static const QList<TextOption> options {
        { u"db"_s,
            u"SQLite database file (default: opsboard.sqlite in the app data directory), or "
            "postgresql://[user[:password]@][host][:port]/dbname[?host=/socket/dir&sslmode=…] "
            "(password also from PGPASSWORD or a passfile) for several instances on one "
            "database."_s,
            u"path|url"_s, {}, &ServerOptions::database },
        { u"users"_s,
            u"JSON users file: {\"users\":[{\"name\",\"role\",\"regions\",\"tokenSha256\"}]}."_s,
            u"file"_s, {}, &ServerOptions::usersFile },
        { u"tls-cert"_s,
            u"PEM certificate (optionally followed by its chain): serve HTTPS and WSS."_s,
            u"file"_s, {}, &ServerOptions::tlsCert },
        { u"tls-key"_s, u"PEM private key of --tls-cert (unencrypted)."_s, u"file"_s, {},
            &ServerOptions::tlsKey },
        { u"tls-ca-chain"_s, u"PEM intermediate certificates sent after --tls-cert."_s, u"file"_s,
            {}, &ServerOptions::tlsChain },
        { u"alert-rules"_s,
            u"JSON alert rules ({\"rules\":[{\"region\",\"kind\",\"enabled\",\"severity\","
            "\"thresholdMinutes\",\"renotifyMinutes\",\"escalateMinutes\",\"remindMinutes\"}]}), "
            "applied at start and whenever the file changes."_s,
            u"file"_s, {}, &ServerOptions::alertRulesFile },
        { u"metrics-token"_s,
            u"Require 'Authorization: Bearer <token>' on GET /metrics (default: open)."_s,
            u"token"_s, {}, &ServerOptions::metricsToken },
        { u"routing-profile"_s, u"Profile of the routing service (default driving)."_s, u"name"_s,
            u"driving"_s, &ServerOptions::routingProfile },
    };
    return options;
}

//! `north=16,east=20.5`: average speeds in km/h per region (1 to 200).
std::optional<QHash<QString, double>> parseRegionSpeeds(const QString &text)
{
    QHash<QString, double> speeds;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        const qsizetype eq = part.indexOf(u'=');
        const QString region = part.left(eq).trimmed();
        bool ok = false;
        const double speed = part.mid(eq + 1).trimmed().toDouble(&ok);
        if (eq <= 0 || region.isEmpty() || !ok || !(speed >= 1 && speed <= 200)
            || speeds.contains(region))
            return std::nullopt;
        speeds.insert(region, speed);
    }
    return speeds;
}

//! \brief The parser with every option, built once per parse.
struct Grammar
{
    QCommandLineParser parser;
    QList<QCommandLineOption> fileOptions; //!< those a config file may set
    QCommandLineOption listen { u"listen"_s, u"Address to listen on (default 127.0.0.1)."_s,
        u"addr"_s, u"127.0.0.1"_s };
    QCommandLineOption demo { u"demo"_s,
        u"Demo mode: demo tokens (unless --users), demo orders and the simulator."_s };
    QCommandLineOption noSim { u"no-sim"_s,
        u"Demo mode without the simulator (demo data and tokens only)."_s };
    QCommandLineOption resetLog { u"reset-log"_s,
        u"Empty the event log and start a new epoch (clients resync)."_s };
    QCommandLineOption logFormat { u"log-format"_s,
        u"Log lines on stderr: text or json (one JSON object per line; default text)."_s,
        u"format"_s, u"text"_s };
    QCommandLineOption requireReasons { u"require-reasons"_s,
        u"Cancelling or failing an order needs a reason (the default; corrections always do)."_s };
    QCommandLineOption optionalReasons { u"optional-reasons"_s,
        u"Cancelling or failing an order may go without a reason (for API clients that send "
        "none; corrections still need one)."_s };
    QCommandLineOption noEta { u"no-eta"_s,
        u"No ETAs: no estimates are computed and written (run them on one instance only)."_s };
    QCommandLineOption routingUrl { u"routing-url"_s,
        u"OSRM-compatible routing service for ETAs, e.g. http://127.0.0.1:5000 (default: the "
        "built-in estimate only)."_s,
        u"url"_s };
    QCommandLineOption regionSpeeds { u"eta-region-speeds"_s,
        u"Built-in ETA model: average speeds per region in km/h, e.g. north=16,east=20."_s,
        u"list"_s };
    QCommandLineOption testClock { u"test-clock"_s,
        u"For tests only: POST /api/test/clock {\"advanceSeconds\": N} (a manager's token) moves "
        "the clock of the alert and ETA engines forward."_s };
    QCommandLineOption config { u"config"_s,
        u"Config file: 'key = value' lines with the long option names as keys, and webhook "
        "endpoints as webhook.<name>.url/events/regions/secret/secret-file; command-line options "
        "override it."_s,
        u"file"_s };

    Grammar()
    {
        parser.setApplicationDescription(
            u"Opsboard reference server: REST API, WebSocket change events and a simulator."_s);
        parser.addHelpOption();
        parser.addVersionOption();
        fileOptions = { listen, demo, noSim, resetLog, logFormat, requireReasons, optionalReasons,
            noEta, routingUrl, regionSpeeds, testClock };
        for (const NumberOption &o : numberOptions())
            fileOptions.append(QCommandLineOption(
                o.name, o.description, o.valueName, QString::number(o.defaultValue)));
        for (const TextOption &o : textOptions())
            fileOptions.append(
                QCommandLineOption(o.name, o.description, o.valueName, o.defaultValue));
        for (const DecimalOption &o : decimalOptions())
            fileOptions.append(
                QCommandLineOption(o.name, o.description, o.valueName, o.defaultValue));
        parser.addOptions(fileOptions);
        parser.addOption(config);
    }
};

//! The config file's keys: every option a file may set, and the webhook groups.
ConfigFile configFileFor(const Grammar &g)
{
    QStringList valueKeys;
    QStringList flagKeys;
    for (const QCommandLineOption &option : g.fileOptions)
        (option.valueName().isEmpty() ? flagKeys : valueKeys).append(option.names().constFirst());
    ConfigFile config(valueKeys, flagKeys);
    config.addGroup(
        u"webhook."_s, { u"url"_s, u"events"_s, u"regions"_s, u"secret"_s, u"secret-file"_s });
    return config;
}

QStringList commaList(const QString &value)
{
    QStringList out;
    for (const QString &part : value.split(u',', Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty())
            out.append(part.trimmed());
    }
    return out;
}

//! The webhook endpoints the config file names, checked as far as the options can tell (the
//! event types are checked where they are known, when the server starts).
QString readWebhooks(const ConfigFile &config, QList<ServerOptions::Webhook> *out)
{
    QList<ServerOptions::Webhook> hooks;
    for (const ConfigFile::Entry &entry : config.groupEntries(u"webhook."_s)) {
        const QString rest = entry.key.mid(8);
        const qsizetype dot = rest.lastIndexOf(u'.');
        const QString name = rest.left(dot);
        const QString field = rest.mid(dot + 1);
        auto it = std::find_if(hooks.begin(), hooks.end(),
            [&name](const ServerOptions::Webhook &h) { return h.name == name; });
        if (it == hooks.end()) {
            hooks.append(ServerOptions::Webhook {});
            it = hooks.end() - 1;
            it->name = name;
            it->origin = u"%1:%2"_s.arg(config.fileName()).arg(entry.line);
        }
        const QString where = u"%1:%2"_s.arg(config.fileName()).arg(entry.line);
        if (field == "url"_L1) {
            const QUrl url(entry.value, QUrl::StrictMode);
            if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1)
                || url.host().isEmpty())
                return u"%1: webhook.%2.url must be an http:// or https:// URL"_s.arg(where, name);
            it->url = entry.value;
        } else if (field == "events"_L1) {
            it->events = entry.value.trimmed() == "*"_L1 ? QStringList() : commaList(entry.value);
        } else if (field == "regions"_L1) {
            it->regions = commaList(entry.value);
        } else if (field == "secret"_L1) {
            it->secret = entry.value;
        } else {
            it->secretFile = entry.value;
        }
    }
    for (const ServerOptions::Webhook &hook : std::as_const(hooks)) {
        if (hook.url.isEmpty())
            return u"%1: webhook.%2 needs a url"_s.arg(hook.origin, hook.name);
        if (hook.secret.isEmpty() == hook.secretFile.isEmpty())
            return u"%1: webhook.%2 needs a secret or a secret-file (one of them)"_s.arg(
                hook.origin, hook.name);
        if (!hook.secret.isEmpty() && hook.secret.size() < 16)
            return u"%1: webhook.%2.secret must be at least 16 characters"_s.arg(
                hook.origin, hook.name);
    }
    *out = hooks;
    return {};
}

//! \brief The parser of one command group (`users`, `import`).
struct CommandGrammar
{
    QCommandLineParser parser;
    QCommandLineOption config { u"config"_s,
        u"The server's config file: its 'users' and 'db' are used unless given here."_s,
        u"file"_s };
    QCommandLineOption users { u"users"_s, u"The users file to change (created when missing)."_s,
        u"file"_s };
    QCommandLineOption role { u"role"_s, u"users add: viewer, dispatcher, manager …"_s, u"role"_s };
    QCommandLineOption regions { u"regions"_s,
        u"users add: comma-separated regions the user works in (default: all)."_s, u"a,b"_s };
    QCommandLineOption driver { u"driver"_s, u"users add: the driver id this user is."_s, u"id"_s };
    QCommandLineOption db { u"db"_s, u"The database (as the server's --db)."_s, u"path|url"_s };
    QCommandLineOption dryRun { u"dry-run"_s, u"Check every row and report; write nothing."_s };
    QCommandLineOption partial { u"partial"_s,
        u"Import the valid rows even when other rows are invalid (those are reported)."_s };
    QCommandLineOption as { u"as"_s,
        u"The name the order history records for the import (default: operator)."_s, u"name"_s,
        u"operator"_s };

    explicit CommandGrammar(const QString &group)
    {
        parser.addHelpOption();
        parser.addOption(config);
        if (group == "users"_L1) {
            parser.setApplicationDescription(
                u"Manage the users file: each user has a name, a role, regions and a token.\n"
                "  users add NAME --role ROLE [--regions a,b] [--driver ID]   prints the new "
                "token once\n"
                "  users list\n"
                "  users remove NAME\n"
                "  users rotate NAME                                          prints a new "
                "token once\n"
                "A running server picks the change up by itself (it watches the file; SIGHUP "
                "reloads it too)."_s);
            parser.addOptions({ users, role, regions, driver });
            parser.addPositionalArgument(u"verb"_s, u"add, list, remove or rotate."_s);
            parser.addPositionalArgument(u"name"_s, u"The user."_s, u"[NAME]"_s);
        } else {
            parser.setApplicationDescription(
                u"Import orders from a CSV file into the database, as POST /api/orders/import "
                "does:\n"
                "  import orders FILE [--dry-run] [--partial] [--as NAME]\n"
                "The columns are documented in docs/protocol.md; a template is "
                "resources/orders-template.csv."_s);
            parser.addOptions({ db, dryRun, partial, as });
            parser.addPositionalArgument(u"what"_s, u"orders"_s);
            parser.addPositionalArgument(u"file"_s, u"The CSV file."_s, u"FILE"_s);
        }
    }
};

ServerOptions::Parsed parseCommand(const QStringList &arguments)
{
    ServerOptions::Parsed result;
    const auto fail = [&result](const QString &message) {
        result.action = ServerOptions::Action::Fail;
        result.error = message;
        return result;
    };
    const QString group = arguments.at(1);
    CommandGrammar g(group);
    QStringList args = arguments.mid(2);
    args.prepend(arguments.constFirst() + u' ' + group);
    if (!g.parser.parse(args))
        return fail(u"%1: %2"_s.arg(group, g.parser.errorText()));
    if (g.parser.isSet(u"help"_s)) {
        result.action = ServerOptions::Action::ShowHelp;
        result.helpFor = group;
        return result;
    }
    ServerOptions &o = result.options;
    if (g.parser.isSet(g.config)) {
        Grammar server;
        ConfigFile config = configFileFor(server);
        if (!config.load(g.parser.value(g.config)))
            return fail(config.error());
        for (const ConfigFile::Entry &entry : config.entries()) {
            if (entry.key == "users"_L1)
                o.usersFile = entry.value;
            else if (entry.key == "db"_L1)
                o.database = entry.value;
        }
        o.configFile = g.parser.value(g.config);
    }
    const QStringList positional = g.parser.positionalArguments();
    result.action = ServerOptions::Action::RunCommand;
    if (group == "import"_L1) {
        if (positional.size() != 2 || positional.at(0) != "orders"_L1)
            return fail(u"usage: import orders FILE [--dry-run] [--partial] [--as NAME]"_s);
        o.command = ServerOptions::Command::ImportOrders;
        o.importFile = positional.at(1);
        o.importDryRun = g.parser.isSet(g.dryRun);
        o.importPartial = g.parser.isSet(g.partial);
        o.importActor = g.parser.value(g.as).trimmed();
        if (o.importActor.isEmpty() || o.importActor.size() > 64)
            return fail(u"--as: a name of 1 to 64 characters"_s);
        if (g.parser.isSet(g.db))
            o.database = g.parser.value(g.db);
        return result;
    }
    if (g.parser.isSet(g.users))
        o.usersFile = g.parser.value(g.users);
    if (o.usersFile.isEmpty())
        return fail(u"users: name the users file with --users FILE (or --config FILE)"_s);
    const QString verb = positional.value(0);
    static const QHash<QString, ServerOptions::Command> verbs {
        { u"add"_s, ServerOptions::Command::UsersAdd },
        { u"list"_s, ServerOptions::Command::UsersList },
        { u"remove"_s, ServerOptions::Command::UsersRemove },
        { u"rotate"_s, ServerOptions::Command::UsersRotate },
    };
    if (!verbs.contains(verb))
        return fail(u"users: the verb is add, list, remove or rotate"_s);
    o.command = verbs.value(verb);
    const bool takesName = o.command != ServerOptions::Command::UsersList;
    if (positional.size() != (takesName ? 2 : 1))
        return fail(takesName ? u"users %1: give exactly one NAME"_s.arg(verb)
                              : u"users list takes no NAME"_s);
    o.userName = positional.value(1);
    const bool adding = o.command == ServerOptions::Command::UsersAdd;
    for (const QCommandLineOption *only : { &g.role, &g.regions, &g.driver }) {
        if (!adding && g.parser.isSet(*only))
            return fail(u"users %1: --%2 goes with users add"_s.arg(verb, only->names().first()));
    }
    if (adding) {
        if (!g.parser.isSet(g.role))
            return fail(u"users add: --role ROLE is required"_s);
        o.userRole = g.parser.value(g.role);
        o.userRegions = commaList(g.parser.value(g.regions));
        o.userDriverId = g.parser.value(g.driver).trimmed();
    }
    return result;
}

} // namespace

QString ServerOptions::helpText(const QString &command)
{
    if (command == "users"_L1 || command == "import"_L1) {
        CommandGrammar grammar(command);
        return grammar.parser.helpText();
    }
    Grammar grammar;
    QString text = grammar.parser.helpText();
    text += u"\nCommands (each has --help):\n"
            "  users add|list|remove|rotate …   manage the users file\n"
            "  import orders FILE [--dry-run]   import orders from a CSV file\n"_s;
    return text;
}

ServerOptions::Parsed ServerOptions::parse(const QStringList &arguments)
{
    if (arguments.size() >= 2 && (arguments.at(1) == "users"_L1 || arguments.at(1) == "import"_L1))
        return parseCommand(arguments);
    Grammar g;
    QCommandLineParser &parser = g.parser;
    Parsed result;
    const auto fail = [&result](const QString &message) {
        result.action = Action::Fail;
        result.error = message;
        return result;
    };
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    // The config file goes in front of the real arguments: the last value of an option wins.
    ConfigFile config = configFileFor(g);
    const QStringList commandLineKeys = parser.optionNames();
    if (parser.isSet(g.config)) {
        if (!config.load(parser.value(g.config)))
            return fail(config.error());
        QStringList rest = arguments;
        const QString program = rest.isEmpty() ? QString() : rest.takeFirst();
        if (!parser.parse(QStringList { program } + config.toArguments() + rest))
            return fail(parser.errorText());
        result.options.configFile = parser.value(g.config);
    }
    if (parser.isSet(u"help"_s)) {
        result.action = Action::ShowHelp;
        return result;
    }
    if (parser.isSet(u"version"_s)) {
        result.action = Action::ShowVersion;
        return result;
    }
    // "--port must be …" becomes "file:line: --port must be …" when the value came from the
    // config file and not from the command line.
    const auto invalid = [&](const QString &key, const QString &message) {
        const QString origin = config.origin(key);
        return fail(origin.isEmpty() || commandLineKeys.contains(key) ? message
                                                                      : origin + u": "_s + message);
    };
    const auto logFormat = LogFormatter::parseFormat(parser.value(g.logFormat));
    if (!logFormat)
        return invalid(u"log-format"_s, u"--log-format must be text or json"_s);
    ServerOptions &options = result.options;
    options.logFormat = *logFormat;
    if (!parser.positionalArguments().isEmpty())
        return fail(u"unexpected argument '%1'"_s.arg(parser.positionalArguments().constFirst()));
    options.listen = QHostAddress(parser.value(g.listen));
    if (options.listen.isNull())
        return invalid(
            u"listen"_s, u"--listen: '%1' is not an IP address"_s.arg(parser.value(g.listen)));
    for (const NumberOption &o : numberOptions()) {
        bool ok = false;
        const qint64 value = parser.value(o.name).toLongLong(&ok);
        if (!ok || value < o.min || value > o.max) {
            return invalid(o.name,
                u"--%1 must be %2 to %3%4"_s.arg(o.name).arg(o.min).arg(o.max).arg(
                    o.unit.isEmpty() ? QString() : u' ' + o.unit));
        }
        o.apply(options, value);
    }
    for (const TextOption &o : textOptions())
        options.*o.member = parser.value(o.name);
    for (const DecimalOption &o : decimalOptions()) {
        bool ok = false;
        const double value = parser.value(o.name).toDouble(&ok);
        if (!ok || !(value >= o.min && value <= o.max)) {
            return invalid(o.name,
                u"--%1 must be a number from %2 to %3%4"_s.arg(o.name).arg(o.min).arg(o.max).arg(
                    o.unit.isEmpty() ? QString() : u' ' + o.unit));
        }
        options.*o.member = value;
    }
    if (parser.isSet(g.regionSpeeds)) {
        const auto speeds = parseRegionSpeeds(parser.value(g.regionSpeeds));
        if (!speeds)
            return invalid(u"eta-region-speeds"_s,
                u"--eta-region-speeds must be region=km/h pairs (1 to 200), e.g. north=16,east=20"_s);
        options.etaRegionSpeedsKmh = *speeds;
    }
    if (parser.isSet(g.routingUrl)) {
        const QUrl url(parser.value(g.routingUrl), QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1)
            || url.host().isEmpty() || url.hasQuery() || url.hasFragment())
            return invalid(u"routing-url"_s,
                u"--routing-url must be an http(s) URL without a query, e.g. "
                "http://127.0.0.1:5000"_s);
        options.routingUrl = url;
    }
    static const QRegularExpression profilePattern(u"^[A-Za-z0-9_-]{1,64}$"_s);
    if (!profilePattern.match(options.routingProfile).hasMatch())
        return invalid(u"routing-profile"_s,
            u"--routing-profile must be 1 to 64 letters, digits, '_' or '-'"_s);
    options.eta = !parser.isSet(g.noEta);
    options.demo = parser.isSet(g.demo);
    options.simulate = !parser.isSet(g.noSim);
    options.resetLog = parser.isSet(g.resetLog);
    if (parser.isSet(g.requireReasons) && parser.isSet(g.optionalReasons))
        return fail(u"--require-reasons and --optional-reasons contradict each other"_s);
    options.requireReasons = !parser.isSet(g.optionalReasons);
    if (const QString why = readWebhooks(config, &options.webhooks); !why.isEmpty())
        return fail(why);
    options.testClock = parser.isSet(g.testClock);
    if (options.tlsCert.isEmpty() != options.tlsKey.isEmpty())
        return fail(u"--tls-cert and --tls-key go together"_s);
    if (!options.tlsChain.isEmpty() && options.tlsCert.isEmpty())
        return fail(u"--tls-ca-chain needs --tls-cert and --tls-key"_s);
    if (options.usersFile.isEmpty() && !options.demo)
        return fail(u"no users: pass --users <file> or --demo"_s);
    return result;
}

} // namespace Ops
