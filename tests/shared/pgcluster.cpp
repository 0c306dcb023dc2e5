#include "pgcluster.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QVersionNumber>

#ifdef Q_OS_UNIX
#include <csignal>

#include <pwd.h>
#include <unistd.h>
#endif
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

using namespace Qt::StringLiterals;

namespace {

constexpr auto kSuperuser = "opsboard"_L1;

bool runningAsRoot()
{
#ifdef Q_OS_UNIX
    return ::geteuid() == 0;
#else
    return false;
#endif
}

//! A port that was free a moment ago on 127.0.0.1.
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

QAtomicInt s_connectionCounter;

} // namespace

PgCluster::PgCluster(QObject *parent)
    : QObject(parent)
{
    m_server.setProcessChannelMode(QProcess::MergedChannels);
    m_server.setStandardOutputFile(m_dir.filePath(u"server.log"_s), QIODevice::Append);
#ifdef Q_OS_LINUX
    // If the test process dies, the cluster must not outlive it.
    m_server.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
#endif
}

PgCluster::~PgCluster()
{
    if (m_server.state() != QProcess::NotRunning) {
        // Immediate shutdown: the data is thrown away anyway.
        ::kill(pid_t(m_server.processId()), SIGQUIT);
        if (!m_server.waitForFinished(10000)) {
            m_server.kill();
            m_server.waitForFinished(5000);
        }
    }
}

QString PgCluster::binDir()
{
    const QDir root(u"/usr/lib/postgresql"_s);
    QString best;
    QVersionNumber bestVersion;
    for (const QString &entry : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString bin = root.filePath(entry + u"/bin"_s);
        const QVersionNumber version = QVersionNumber::fromString(entry);
        if (QFile::exists(bin + u"/initdb"_s) && QFile::exists(bin + u"/postgres"_s)
            && QFile::exists(bin + u"/pg_ctl"_s) && (best.isEmpty() || version > bestVersion)) {
            best = bin;
            bestVersion = version;
        }
    }
    return best;
}

QString PgCluster::unavailableReason()
{
    if (binDir().isEmpty())
        return u"PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin "
               "(Debian: postgresql)"_s;
    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s))
        return u"the Qt PostgreSQL driver QPSQL is missing (Debian: libqt6sql6-psql)"_s;
    return {};
}

bool PgCluster::required()
{
    return qEnvironmentVariableIntValue("OPS_REQUIRE_POSTGRES") == 1;
}

QStringList PgCluster::command(const QString &program, const QStringList &arguments) const
{
    const QString path = binDir() + u'/' + program;
    if (!runningAsRoot())
        return QStringList { path } + arguments;
#ifdef Q_OS_UNIX
    const passwd *nobody = ::getpwnam("nobody");
    const QString uid = QString::number(nobody ? nobody->pw_uid : 65534);
    const QString gid = QString::number(nobody ? nobody->pw_gid : 65534);
#else
    const QString uid = u"65534"_s;
    const QString gid = uid;
#endif
    // setpriv keeps the parent-death signal across the uid change only when told so.
    return QStringList { u"setpriv"_s, u"--reuid="_s + uid, u"--regid="_s + gid,
        u"--clear-groups"_s, u"--pdeathsig=KILL"_s, u"--"_s, path }
    + arguments;
}

bool PgCluster::runTool(const QString &program, const QStringList &arguments)
{
    const QStringList cmd = command(program, arguments);
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(m_dir.path());
    process.start(cmd.first(), cmd.mid(1));
    if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        m_error = u"%1 failed (%2): %3"_s.arg(
            program, process.errorString(), QString::fromLocal8Bit(process.readAll()).right(2000));
        return false;
    }
    return true;
}

bool PgCluster::start()
{
    const QString why = unavailableReason();
    if (!why.isEmpty()) {
        m_error = why;
        return false;
    }
    if (!m_dir.isValid()) {
        m_error = u"cannot create a temporary directory"_s;
        return false;
    }
#ifdef Q_OS_UNIX
    if (runningAsRoot()) {
        const passwd *nobody = ::getpwnam("nobody");
        if (!nobody
            || ::chown(QFile::encodeName(m_dir.path()).constData(), nobody->pw_uid, nobody->pw_gid)
                != 0) {
            m_error = u"cannot hand %1 to the user nobody"_s.arg(m_dir.path());
            return false;
        }
    }
#endif
    const QString data = m_dir.filePath(u"data"_s);
    if (!runTool(u"initdb"_s,
            { u"-D"_s, data, u"-U"_s, kSuperuser, u"--auth=trust"_s, u"--no-locale"_s, u"-E"_s,
                u"UTF8"_s, u"--no-sync"_s }))
        return false;
    QFile conf(data + u"/postgresql.conf"_s);
    if (!conf.open(QIODevice::Append | QIODevice::Text)) {
        m_error = u"cannot write postgresql.conf"_s;
        return false;
    }
    // Throwaway data: durability off for speed. Only loopback, socket inside the directory.
    conf.write(QStringLiteral("\nlisten_addresses = '127.0.0.1'\n"
                              "unix_socket_directories = '%1'\n"
                              "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                              "max_connections = 60\nshared_buffers = 16MB\n")
                   .arg(m_dir.path())
                   .toUtf8());
    conf.close();
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_port = freePort();
        if (m_port != 0 && startServer())
            return true;
    }
    return false;
}

bool PgCluster::startServer()
{
    const QStringList cmd = command(
        u"postgres"_s, { u"-D"_s, m_dir.filePath(u"data"_s), u"-p"_s, QString::number(m_port) });
    m_server.start(cmd.first(), cmd.mid(1));
    if (!m_server.waitForStarted(10000)) {
        m_error = u"cannot start postgres: "_s + m_server.errorString();
        return false;
    }
    if (waitUntilReady(30000))
        return true;
    m_error = u"postgres did not accept connections on port %1; log: %2"_s.arg(m_port).arg(
        QString::fromLocal8Bit(log().right(2000)));
    m_server.kill();
    m_server.waitForFinished(5000);
    return false;
}

bool PgCluster::waitUntilReady(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    const QString name = u"pgcluster-probe-%1"_s.arg(s_connectionCounter.fetchAndAddRelaxed(1));
    bool ready = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        db.setHostName(u"127.0.0.1"_s);
        db.setPort(m_port);
        db.setUserName(kSuperuser);
        db.setDatabaseName(u"postgres"_s);
        db.setConnectOptions(u"connect_timeout=2"_s);
        // postgres has no readiness signal of its own: try to connect until it answers.
        (void)QTest::qWaitFor(
            [&] {
                ready = db.open();
                return ready || m_server.state() != QProcess::Running;
            },
            int(deadline.remainingTime()));
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ready;
}

void PgCluster::stop()
{
    if (m_server.state() == QProcess::NotRunning)
        return;
    // SIGINT: fast shutdown, clients are disconnected, the data stays.
    ::kill(pid_t(m_server.processId()), SIGINT);
    if (!m_server.waitForFinished(30000)) {
        m_server.kill();
        m_server.waitForFinished(5000);
    }
}

bool PgCluster::restart()
{
    stop();
    return startServer();
}

QString PgCluster::url(const QString &database) const
{
    return u"postgresql://%1@127.0.0.1:%2/%3"_s.arg(kSuperuser).arg(m_port).arg(database);
}

QStringList PgCluster::query(const QString &database, const QString &sql)
{
    const QString name = u"pgcluster-%1"_s.arg(s_connectionCounter.fetchAndAddRelaxed(1));
    QStringList rows;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        db.setHostName(u"127.0.0.1"_s);
        db.setPort(m_port);
        db.setUserName(kSuperuser);
        db.setDatabaseName(database);
        if (!db.open()) {
            m_error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            if (!q.exec(sql)) {
                m_error = q.lastError().text();
            } else {
                while (q.next())
                    rows.append(q.value(0).toString());
            }
            q.finish();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return rows;
}

bool PgCluster::createDatabase(const QString &name)
{
    m_error.clear();
    // The name is the test's own identifier, never input.
    query(u"postgres"_s, u"CREATE DATABASE \"%1\""_s.arg(name));
    return m_error.isEmpty();
}

int PgCluster::terminateBackends(const QString &applicationName)
{
    const QStringList killed = query(u"postgres"_s,
        u"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '%1'"_s
            .arg(applicationName));
    return int(killed.count(u"true"_s));
}

QByteArray PgCluster::log() const
{
    QFile file(m_dir.filePath(u"server.log"_s));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
