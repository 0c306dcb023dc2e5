#include "privatebus.h"

#include <QStandardPaths>

using namespace Qt::StringLiterals;

PrivateSessionBus::~PrivateSessionBus()
{
    if (m_daemon.state() != QProcess::NotRunning) {
        m_daemon.kill();
        m_daemon.waitForFinished(5000);
    }
}

bool PrivateSessionBus::start(QString *error)
{
    const QString daemon = QStandardPaths::findExecutable(u"dbus-daemon"_s);
    if (daemon.isEmpty()) {
        if (error)
            *error = u"dbus-daemon not found (Debian: package dbus-daemon)"_s;
        return false;
    }
    m_daemon.setProgram(daemon);
    m_daemon.setArguments({ u"--session"_s, u"--nofork"_s, u"--print-address"_s });
    m_daemon.setProcessChannelMode(QProcess::SeparateChannels);
    m_daemon.start();
    if (!m_daemon.waitForStarted(10000)) {
        if (error)
            *error = m_daemon.errorString();
        return false;
    }
    while (!m_daemon.canReadLine()) {
        if (!m_daemon.waitForReadyRead(10000)) {
            if (error)
                *error = u"dbus-daemon printed no address: "_s
                    + QString::fromLocal8Bit(m_daemon.readAllStandardError());
            return false;
        }
    }
    m_address = QString::fromUtf8(m_daemon.readLine()).trimmed();
    qputenv("DBUS_SESSION_BUS_ADDRESS", m_address.toUtf8());
    return !m_address.isEmpty();
}
