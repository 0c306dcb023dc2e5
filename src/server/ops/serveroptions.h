#pragma once

//! The operations room: options, config file, logs, metrics and signals — how the server is
//! run, never what it does.

#include <chrono>

#include <QHash>
#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <QUrl>

#include "logformatter.h"

namespace Ops {

//! \brief Everything `opsboard-server` is told on its command line and in its `--config` file,
//! parsed and range-checked. Values from the file come first, so the command line overrides
//! them; an error names the option, and the file and line when the value came from there.
struct ServerOptions
{
    //! \brief What the program is asked to do.
    enum class Action {
        Run,
        ShowHelp,
        ShowVersion,
        Fail, //!< a usage error: `error` says why (exit status 2)
        RunCommand, //!< an operator's command (`command` says which) instead of the server
    };

    //! \brief The operator commands: `opsboard-server users …` and `opsboard-server import …`.
    enum class Command {
        None,
        UsersAdd, //!< `users add NAME --role ROLE [--regions a,b] [--driver ID]`
        UsersList, //!< `users list`
        UsersRemove, //!< `users remove NAME`
        UsersRotate, //!< `users rotate NAME`
        ImportOrders, //!< `import orders FILE [--dry-run] [--partial] [--as NAME]`
    };

    //! \brief One webhook endpoint from the config file (`webhook.<name>.<field> = value`).
    struct Webhook
    {
        QString name;
        QString url;
        QStringList events; //!< empty: every event type
        QStringList regions; //!< empty: every region
        QString secret; //!< from `secret`, or read from `secret-file` at start
        QString secretFile;
        QString origin; //!< `file:line` of its first key, for errors found later
    };

    //! \brief The outcome of parse().
    struct Parsed;

    QHostAddress listen { QHostAddress::LocalHost };
    quint16 port = 8080;
    QString database; //!< `--db`: a SQLite path or a `postgresql://` URL; empty = the default file
    QString usersFile;
    bool demo = false;
    bool simulate = true; //!< false with `--no-sim`
    std::chrono::milliseconds simInterval { 400 };
    quint32 seed = 1;
    int demoOrders = 200;
    int demoDrivers = 24;
    std::chrono::milliseconds alertInterval { 5000 }; //!< 0 = no alert engine
    int retainEvents = 100000;
    std::chrono::seconds retainAge { 86400 };
    std::chrono::milliseconds trimInterval { 60000 };
    bool resetLog = false;
    int wsRate = 20;
    int wsConnectRate = 60;
    qint64 wsSendBudgetBytes = 256LL * 1024 * 1024;
    int wsThreads = 0; //!< WebSocket worker threads; 0 = one per CPU core
    std::chrono::milliseconds wsAuthTimeout { 5000 }; //!< time for a session's `auth` frame
    std::chrono::milliseconds wsHeartbeat { 10000 }; //!< ping interval; dead after two
    int wsMaxChannels = 8; //!< channels one session may hold at once
    std::chrono::seconds idleTimeout { 30 }; //!< 0 = never
    int maxHeaderBytes = 16384;
    QString configFile;
    QString tlsCert;
    QString tlsKey;
    QString tlsChain;
    LogFormatter::Format logFormat = LogFormatter::Format::Text;
    std::chrono::seconds shutdownTimeout { 10 };
    QString metricsToken;
    //! Cancelling or failing an order needs a reason (the default; `--optional-reasons` lets API
    //! clients that send none keep working).
    bool requireReasons = true;
    QList<Webhook> webhooks;
    std::chrono::milliseconds webhookTimeout { 10000 };
    std::chrono::milliseconds webhookRetryInitial { 1000 };
    std::chrono::milliseconds webhookRetryMax { 300000 };

    //! With Action::RunCommand: which, and its arguments.
    Command command = Command::None;
    QString userName; //!< users add/remove/rotate NAME
    QString userRole;
    QStringList userRegions;
    QString userDriverId; //!< users add --driver ID
    QString importFile; //!< import orders FILE
    bool importDryRun = false;
    bool importPartial = false;
    QString importActor = QStringLiteral("operator"); //!< the history's actor (`--as`)
    //! `--osmand-port`: a second port that takes OsmAnd position reports only (at `/` and
    //! `/api/osmand`); 0 = none (the main port's `/api/osmand` always takes them).
    quint16 osmandPort = 0;
    //! Position reports (OsmAnd, `/api/me/position`): each device (or driver) may send
    //! `positionBurst` at once and one more every `positionInterval`; each client address
    //! `positionAddressBurst` at once and one more every `positionAddressInterval`.
    int positionBurst = 60;
    std::chrono::milliseconds positionInterval { 1000 };
    int positionAddressBurst = 1000;
    std::chrono::milliseconds positionAddressInterval { 5 };
    //! Breadcrumbs kept per driver: none older than `trailRetention`, at most `trailPoints`.
    std::chrono::hours trailRetention { 12 };
    int trailPoints = 5000;
    // ETAs (docs/operations.md, "ETAs and the routing service").
    bool eta = true; //!< false with `--no-eta`
    std::chrono::milliseconds etaThrottle { 2000 }; //!< per driver, between recomputes
    double etaSpeedKmh = 18; //!< built-in model: average speed where a region has none
    QHash<QString, double> etaRegionSpeedsKmh; //!< `--eta-region-speeds north=16,east=20`
    double etaDetourFactor = 1.4; //!< built-in model: road length ÷ straight line
    QUrl routingUrl; //!< OSRM-compatible service; empty: built-in model only
    QString routingProfile = QStringLiteral("driving");
    std::chrono::milliseconds routingTimeout { 1000 }; //!< time budget per request
    // Order views.
    std::chrono::minutes atRisk { 15 }; //!< `--at-risk-minutes`
    std::chrono::minutes finishedVisibleFor { 120 }; //!< 0: finished orders never age out
    QString alertRulesFile; //!< `--alert-rules`: JSON rules, applied at start and when it changes
    //! `--test-clock`: `POST /api/test/clock` moves the alert and ETA engines' clock (tests only)
    bool testClock = false;

    //! Parses \a arguments (the program name first, as QCoreApplication::arguments() gives
    //! them), reading `--config` when given.
    [[nodiscard]] static Parsed parse(const QStringList &arguments);
    //! The `--help` text (of the server, or of \a command's group: `users`, `import`).
    [[nodiscard]] static QString helpText(const QString &command = {});
};

struct ServerOptions::Parsed
{
    Action action = Action::Run;
    ServerOptions options;
    QString error; //!< with Action::Fail
    QString helpFor; //!< with Action::ShowHelp: the command group asked about, or empty
};

} // namespace Ops
