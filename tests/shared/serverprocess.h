#pragma once

#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

//! \brief Runs the real opsboard-server binary on a loopback port for integration tests.
//!
//! Each fixture has its own SQLite file in a temporary directory, so a restart keeps the data
//! and the event log, like a real restart.
class ServerProcess final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerProcess)

public:
    explicit ServerProcess(QString binary, QObject *parent = nullptr);
    ~ServerProcess() override;

    //! Starts the server with `--port <port>` (0 = any) plus \a extraArgs; waits until it
    //! prints its address. Returns false (and fills errorString()) if it does not come up.
    bool start(quint16 port = 0, const QStringList &extraArgs = {});
    //! SIGKILL: no goodbye to clients, like a crash.
    void kill();
    //! SIGTERM and wait.
    void stop();
    //! SIGSTOP (Unix): the process stays, its sockets stay open, nothing answers — a frozen
    //! server, or one behind a silently dead link. Returns once the process has stopped (Linux),
    //! so nothing it writes is later than the return.
    void freeze();
    //! SIGCONT after freeze().
    void thaw();
    [[nodiscard]] bool isFrozen() const { return m_frozen; }
    [[nodiscard]] qint64 pid() const { return m_process.processId(); }
    //! SIGTERM and wait up to \a timeoutMs without killing; true when the process ended.
    bool terminateAndWait(int timeoutMs);
    [[nodiscard]] int exitCode() const { return m_process.exitCode(); }
    [[nodiscard]] QProcess::ExitStatus exitStatus() const { return m_process.exitStatus(); }
    //! Keep the server's stderr for errors() instead of forwarding it (call before start()).
    void setCaptureErrors(bool capture);
    //! Everything the server wrote to stderr so far (with setCaptureErrors(true)).
    [[nodiscard]] QByteArray errors();
    //! Starts again on the same port with the same database and arguments.
    bool restart();

    [[nodiscard]] quint16 port() const { return m_port; }
    //! The server's process id (for signals such as SIGHUP); 0 when it is not running.
    [[nodiscard]] qint64 processId() const { return m_process.processId(); }
    [[nodiscard]] QUrl baseUrl() const;
    [[nodiscard]] QUrl socketUrl() const;
    //! The `--db` argument: by default a SQLite file of this fixture.
    [[nodiscard]] QString databasePath() const;
    //! Uses \a location (a `postgresql://` URL, say) as `--db` from the next start() on.
    void setDatabase(const QString &location) { m_database = location; }
    [[nodiscard]] QString errorString() const { return m_error; }
    [[nodiscard]] bool isRunning() const { return m_process.state() == QProcess::Running; }
    [[nodiscard]] QByteArray output() const { return m_output; }
    //! Reads the server's stdout on until output() holds \a text, for up to \a timeoutMs;
    //! true when it does.
    bool waitForOutput(const QByteArray &text, int timeoutMs = 10000);

private:
    static void waitUntilStopped(qint64 pid);

    QString m_binary;
    QProcess m_process;
    QTemporaryDir m_dir;
    QStringList m_extraArgs;
    QString m_database;
    quint16 m_port = 0;
    bool m_frozen = false;
    QString m_error;
    QByteArray m_output;
    QByteArray m_errors;
};
