#pragma once

#include <QObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QTest>

//! \brief A throwaway PostgreSQL cluster for tests: initdb in a temporary directory, one
//! `postgres` child process on a free loopback port (unix socket inside the directory, fsync
//! off), removed again by the destructor.
//!
//! initdb and postgres refuse to run as root: as root the server commands run as `nobody`
//! (setpriv) in a directory chowned to it. The superuser `opsboard` connects with trust
//! authentication, no password. The server dies with the test process (parent-death signal).
class PgCluster final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PgCluster)

public:
    explicit PgCluster(QObject *parent = nullptr);
    ~PgCluster() override;

    //! The directory with initdb, pg_ctl and postgres (the newest /usr/lib/postgresql/*/bin),
    //! or empty.
    [[nodiscard]] static QString binDir();
    //! Why no cluster can be made here (no PostgreSQL binaries, no QPSQL driver); empty when
    //! one can.
    [[nodiscard]] static QString unavailableReason();
    //! True when env OPS_REQUIRE_POSTGRES=1: a missing PostgreSQL fails instead of skipping.
    [[nodiscard]] static bool required();

    //! initdb, start, wait until it accepts connections. False with errorString() on failure.
    bool start();
    //! Fast shutdown (SIGINT) and wait.
    void stop();
    //! stop() and start again on the same port and data.
    bool restart();
    [[nodiscard]] bool isRunning() const { return m_server.state() == QProcess::Running; }

    //! `CREATE DATABASE name`.
    bool createDatabase(const QString &name);
    //! `postgresql://opsboard@127.0.0.1:<port>/<database>`.
    [[nodiscard]] QString url(const QString &database) const;
    [[nodiscard]] quint16 port() const { return m_port; }
    //! The directory of the cluster's Unix socket (`.s.PGSQL.<port>`).
    [[nodiscard]] QString socketDirectory() const { return m_dir.path(); }

    //! Runs \a sql on \a database as the superuser on a fresh connection; the rows of the first
    //! column as text. Sets errorString() and returns an empty list on failure.
    QStringList query(const QString &database, const QString &sql);
    //! `pg_terminate_backend` on every connection whose application_name is \a name; how many.
    int terminateBackends(const QString &applicationName);

    [[nodiscard]] QString errorString() const { return m_error; }
    //! The server's log so far (for failure messages).
    [[nodiscard]] QByteArray log() const;

private:
    //! Runs \a program from binDir() (as nobody when root); false with errorString() on failure.
    bool runTool(const QString &program, const QStringList &arguments);
    [[nodiscard]] QStringList command(const QString &program, const QStringList &arguments) const;
    bool startServer();
    bool waitUntilReady(int timeoutMs);

    QTemporaryDir m_dir;
    QProcess m_server;
    quint16 m_port = 0;
    QString m_error;
};

//! Starts \a cluster in a test function (or initTestCase): skips the test with the reason when
//! PostgreSQL is not installed, fails instead when OPS_REQUIRE_POSTGRES=1.
#define OPS_START_PG_CLUSTER(cluster)                                                              \
    do {                                                                                           \
        const QString opsPgWhy = PgCluster::unavailableReason();                                   \
        if (!opsPgWhy.isEmpty()) {                                                                 \
            if (PgCluster::required())                                                             \
                QFAIL(qPrintable(u"OPS_REQUIRE_POSTGRES=1 but "_s + opsPgWhy));                    \
            QSKIP(qPrintable(opsPgWhy + u" (set OPS_REQUIRE_POSTGRES=1 to fail instead)"_s));      \
        }                                                                                          \
        QVERIFY2((cluster).start(), qPrintable((cluster).errorString()));                          \
    } while (false)
