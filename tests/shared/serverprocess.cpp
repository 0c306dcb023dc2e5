#include "serverprocess.h"

#ifdef Q_OS_UNIX
#include <csignal>

#include <sys/types.h>
#endif
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

#include <chrono>
#include <thread>

#include <QDeadlineTimer>
#include <QFile>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

ServerProcess::ServerProcess(QString binary, QObject *parent)
    : QObject(parent)
    , m_binary(std::move(binary))
{
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
#ifdef Q_OS_LINUX
    // If the test process dies, the server must not outlive it (and hold CI's pipes open).
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
#endif
}

ServerProcess::~ServerProcess()
{
    stop();
}

bool ServerProcess::start(quint16 port, const QStringList &extraArgs)
{
    m_extraArgs = extraArgs;
    m_output.clear();
    m_errors.clear();
    m_process.setProgram(m_binary);
    m_process.setArguments(
        QStringList { u"--port"_s, QString::number(port), u"--db"_s, databasePath() } + extraArgs);
    m_process.start();
    if (!m_process.waitForStarted(10000)) {
        m_error = m_process.errorString();
        return false;
    }
    static const QRegularExpression listening(u"listening on https?://[^:]+:(\\d+)"_s);
    QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
        if (!m_process.canReadLine()
            && !m_process.waitForReadyRead(int(deadline.remainingTime()))) {
            if (m_process.state() != QProcess::Running)
                break;
            continue;
        }
        while (m_process.canReadLine()) {
            const QByteArray line = m_process.readLine();
            m_output += line;
            const auto match = listening.match(QString::fromUtf8(line));
            if (match.hasMatch()) {
                m_port = quint16(match.captured(1).toUInt());
                return true;
            }
        }
    }
    m_error = u"server did not report its address; output: "_s + QString::fromUtf8(m_output);
    m_process.kill();
    m_process.waitForFinished(5000);
    return false;
}

bool ServerProcess::waitForOutput(const QByteArray &text, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!m_output.contains(text)) {
        if (!m_process.canReadLine() && !m_process.waitForReadyRead(int(deadline.remainingTime())))
            return m_output.contains(text);
        while (m_process.canReadLine())
            m_output += m_process.readLine();
        if (deadline.hasExpired())
            break;
    }
    return m_output.contains(text);
}

void ServerProcess::kill()
{
    m_frozen = false; // SIGKILL ends a stopped process too
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished(10000);
}

void ServerProcess::freeze()
{
#ifdef Q_OS_UNIX
    if (m_process.state() == QProcess::Running && !m_frozen) {
        const auto pid = pid_t(m_process.processId());
        ::kill(pid, SIGSTOP);
        m_frozen = true;
        waitUntilStopped(pid);
    }
#endif
}

void ServerProcess::waitUntilStopped(qint64 pid)
{
    // kill() only queues the signal: the process may run on another core for a moment and write
    // one more frame. A caller that takes "the moment of the freeze" wants it after the last write.
#ifdef Q_OS_LINUX
    QDeadlineTimer deadline(2000);
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    while (!deadline.hasExpired() && stat.open(QIODevice::ReadOnly)) {
        const QByteArray line = stat.readAll();
        stat.close();
        // "pid (comm) S ...": the state follows the last ')', since comm may hold one.
        const qsizetype close = line.lastIndexOf(')');
        if (close < 0 || close + 2 >= line.size())
            return;
        const char state = line.at(close + 2);
        if (state == 'T' || state == 't')
            return;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
#else
    Q_UNUSED(pid);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
#endif
}

void ServerProcess::thaw()
{
#ifdef Q_OS_UNIX
    if (m_frozen) {
        ::kill(pid_t(m_process.processId()), SIGCONT);
        m_frozen = false;
    }
#endif
}

void ServerProcess::stop()
{
    thaw(); // a stopped process would not see SIGTERM
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool ServerProcess::terminateAndWait(int timeoutMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return true;
    m_process.terminate();
    return m_process.waitForFinished(timeoutMs);
}

void ServerProcess::setCaptureErrors(bool capture)
{
    m_process.setProcessChannelMode(
        capture ? QProcess::SeparateChannels : QProcess::ForwardedErrorChannel);
}

QByteArray ServerProcess::errors()
{
    if (m_process.processChannelMode() == QProcess::SeparateChannels)
        m_errors += m_process.readAllStandardError();
    return m_errors;
}

bool ServerProcess::restart()
{
    stop();
    return start(m_port, m_extraArgs);
}

QUrl ServerProcess::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(m_port));
}

QUrl ServerProcess::socketUrl() const
{
    return QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(m_port));
}

QString ServerProcess::databasePath() const
{
    if (!m_database.isEmpty())
        return m_database;
    return m_dir.filePath(u"opsboard.sqlite"_s);
}
