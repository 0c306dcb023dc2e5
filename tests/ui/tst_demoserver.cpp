// `opsboard --demo`: where the embedded server is found (with the platform's executable suffix),
// and the real opsboard-server started on a free loopback port.

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "blockinghttp.h"
#include "ui/demoserver.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

//! An executable file named like the server (with the suffix this platform runs).
bool makeExecutable(const QString &path)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write("#!/bin/sh\n");
    file.close();
    return file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

#ifdef Q_OS_WIN
const QString kSuffix = u".exe"_s;
#else
const QString kSuffix;
#endif

} // namespace

class tst_DemoServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findsTheServer_data();
    void findsTheServer();
    void startsTheRealServer();
};

void tst_DemoServer::findsTheServer_data()
{
    QTest::addColumn<QString>("appDir");
    QTest::addColumn<QString>("serverAt");
    QTest::newRow("beside the app (installed, macOS bundle)")
        << u"bin"_s << u"bin/opsboard-server"_s;
    QTest::newRow("build tree") << u"app/dashboard"_s << u"app/server/opsboard-server"_s;
    QTest::newRow("lib directory") << u"bin"_s << u"lib/opsboard/opsboard-server"_s;
}

void tst_DemoServer::findsTheServer()
{
    QFETCH(QString, appDir);
    QFETCH(QString, serverAt);
    QTemporaryDir root;
    QVERIFY(root.isValid());
    QDir().mkpath(root.filePath(appDir));
    QVERIFY(makeExecutable(root.filePath(serverAt + kSuffix)));
    const QString found = DemoServer::findBinary(root.filePath(appDir));
    QCOMPARE(found, QFileInfo(root.filePath(serverAt + kSuffix)).canonicalFilePath());
}

void tst_DemoServer::startsTheRealServer()
{
    DemoServer demo;
    QSignalSpy ready(&demo, &DemoServer::ready);
    QVERIFY(demo.start(QString::fromUtf8(OPS_SERVER_BINARY)));
    QVERIFY(ready.wait(20000));
    const QUrl url = ready.first().first().toUrl();
    QCOMPARE(url.host(), u"127.0.0.1"_s);
    QVERIFY(url.port() > 0);
    QCOMPARE(demo.url(), url);
    const QJsonObject health = blockingHttp("GET", url.resolved(QUrl(u"/healthz"_s)), {});
    QCOMPARE(health.value("version"_L1).toString(), QLatin1StringView(OPS_VERSION));
    demo.stop();
    QVERIFY(demo.process()->state() == QProcess::NotRunning);
}

QTEST_GUILESS_MAIN(tst_DemoServer)
#include "tst_demoserver.moc"
