#pragma once

#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

namespace Ops {

//! \brief The embedded server of `opsboard --demo`: opsboard-server as a child process with demo
//! data and simulated activity in a temporary SQLite database, on a free loopback port.
//!
//! The app never links the server; the demo runs exactly what a deployment runs.
class DemoServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoServer)

public:
    explicit DemoServer(QObject *parent = nullptr);
    //! Terminates the server (and waits up to 3 s, then kills it).
    ~DemoServer() override;

    //! Where opsboard-server is: next to the app (also inside a macOS bundle), in the build tree
    //! (../server), in an installed lib directory (../lib/opsboard), then on PATH. The platform's
    //! executable suffix (.exe) is added where there is one. Empty when not found.
    [[nodiscard]] static QString findBinary(const QString &appDir);

    //! Starts the server found next to the app; false (with errorString()) when there is none.
    bool start();
    //! Starts \a binary with the demo arguments.
    bool start(const QString &binary);
    void stop();
    [[nodiscard]] QString errorString() const { return m_error; }
    [[nodiscard]] QUrl url() const { return m_url; }
    [[nodiscard]] QProcess *process() { return &m_process; }

Q_SIGNALS:
    //! The server printed the address it listens on.
    void ready(const QUrl &url);
    //! The server exited (before or after it was ready).
    void exited(int exitCode);

private:
    void onOutput();

    QProcess m_process;
    QTemporaryDir m_dir;
    QUrl m_url;
    QString m_error;
};

} // namespace Ops
