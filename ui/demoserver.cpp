#include "demoserver.h"

#include <cstdio>

#include <QCoreApplication>
#include <QDir>
#include <QRegularExpression>
#include <QStandardPaths>

#include "core/logging.h"

using namespace Qt::StringLiterals;

namespace Ops {

DemoServer::DemoServer(QObject *parent)
    : QObject(parent)
{
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &DemoServer::onOutput);
    connect(&m_process, &QProcess::finished, this, [this](int code) {
        qCWarning(lcUi) << "embedded server exited with code" << code;
        Q_EMIT exited(code);
    });
}

DemoServer::~DemoServer()
{
    stop();
}

QString DemoServer::findBinary(const QString &appDir)
{
    const QDir dir(appDir);
    // Installed: beside it (also Opsboard.app/Contents/MacOS) or in lib/opsboard; build tree:
    // app/server beside app/dashboard (from inside the bundle on macOS).
    const QStringList beside = { dir.absolutePath(), dir.absoluteFilePath(u"../server"_s),
        dir.absoluteFilePath(u"../lib/opsboard"_s), dir.absoluteFilePath(u"../../../../server"_s) };
    // findExecutable tries the suffixes the system runs (PATHEXT: .exe, .bat …) on Windows.
    QString found = QStandardPaths::findExecutable(u"opsboard-server"_s, beside);
    if (found.isEmpty())
        found = QStandardPaths::findExecutable(u"opsboard-server"_s);
    return found.isEmpty() ? QString() : QFileInfo(found).canonicalFilePath();
}

bool DemoServer::start()
{
    const QString binary = findBinary(QCoreApplication::applicationDirPath());
    if (binary.isEmpty()) {
        m_error = tr("Cannot find opsboard-server next to the app or on PATH.");
        return false;
    }
    return start(binary);
}

bool DemoServer::start(const QString &binary)
{
    if (!m_dir.isValid()) {
        m_error = tr("Cannot create a temporary directory: %1").arg(m_dir.errorString());
        return false;
    }
    m_process.setProgram(binary);
    m_process.setArguments(
        { u"--demo"_s, u"--port"_s, u"0"_s, u"--db"_s, m_dir.filePath(u"demo.sqlite"_s) });
    m_process.start();
    return true;
}

void DemoServer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.disconnect(this);
    m_process.terminate();
    if (!m_process.waitForFinished(3000))
        m_process.kill();
    m_process.waitForFinished(1000);
}

void DemoServer::onOutput()
{
    static const QRegularExpression listening(u"listening on (https?://\\S+)"_s);
    while (m_process.canReadLine()) {
        const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
        std::fprintf(stdout, "%s\n", qPrintable(line)); // the demo tokens, for the dispatcher
        const auto match = listening.match(line);
        if (match.hasMatch() && m_url.isEmpty()) {
            m_url = QUrl(match.captured(1));
            Q_EMIT ready(m_url);
        }
    }
    std::fflush(stdout);
}

} // namespace Ops
