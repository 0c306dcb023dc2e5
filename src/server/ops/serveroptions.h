#pragma once

//! The operations room: options, config file, logs, metrics and signals — how the server is
//! run, never what it does.

#include <chrono>

#include <QHostAddress>
#include <QString>
#include <QStringList>

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
    std::chrono::seconds idleTimeout { 30 }; //!< 0 = never
    int maxHeaderBytes = 16384;
    QString configFile;
    QString tlsCert;
    QString tlsKey;
    QString tlsChain;
    LogFormatter::Format logFormat = LogFormatter::Format::Text;
    std::chrono::seconds shutdownTimeout { 10 };
    QString metricsToken;
    //! Cancelling or failing an order needs a reason (`--require-reasons`).
    bool requireReasons = false;
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
    QString alertRulesFile; //!< `--alert-rules`: JSON rules, applied at start and when it changes
    //! `--test-clock`: `POST /api/test/clock` moves the alert engine's clock (tests only)
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
