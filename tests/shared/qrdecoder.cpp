#include "qrdecoder.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

namespace Ops {

namespace {

QString zbarimg()
{
    return QStandardPaths::findExecutable(u"zbarimg"_s);
}

} // namespace

QString QrDecoder::unavailableReason()
{
    if (zbarimg().isEmpty())
        return u"zbarimg not found in PATH: the QR code cannot be read back (Debian: zbar-tools)"_s;
    return {};
}

bool QrDecoder::required()
{
    return qEnvironmentVariableIntValue("OPS_REQUIRE_QR_DECODER") == 1;
}

QStringList QrDecoder::decode(const QImage &image, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return QStringList {};
    };
    const QString program = zbarimg();
    if (program.isEmpty())
        return fail(unavailableReason());
    QTemporaryDir dir;
    if (!dir.isValid())
        return fail(u"no temporary directory: "_s + dir.errorString());
    const QString png = dir.filePath(u"code.png"_s);
    if (!image.save(png, "PNG"))
        return fail(u"cannot write "_s + png);
    QProcess zbar;
    // --raw: only the data, one symbol per line; only QR codes, so nothing else is "found".
    zbar.start(program, { u"--quiet"_s, u"--raw"_s, u"-Sdisable"_s, u"-Sqrcode.enable"_s, png });
    if (!zbar.waitForFinished(30000))
        return fail(u"zbarimg did not finish: "_s + zbar.errorString());
    // Exit code 4: it ran and found no code. Anything else but 0 is an error.
    if (zbar.exitStatus() != QProcess::NormalExit || (zbar.exitCode() != 0 && zbar.exitCode() != 4))
        return fail(u"zbarimg failed: "_s + QString::fromLocal8Bit(zbar.readAllStandardError()));
    QStringList texts;
    for (const QByteArray &line : zbar.readAllStandardOutput().split('\n')) {
        if (!line.isEmpty())
            texts.append(QString::fromUtf8(line));
    }
    return texts;
}

} // namespace Ops
