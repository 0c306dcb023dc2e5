#include "orderimporter.h"

#include <QFile>
#include <QFileInfo>

#include "api/apiclient.h"
#include "core/logging.h"

using namespace Qt::StringLiterals;

namespace Ops {

OrderImporter::OrderImporter(ApiClient *api, QObject *parent)
    : QObject(parent)
    , m_api(api)
{ }

OrderImporter::~OrderImporter() = default;

bool OrderImporter::load(const QString &fileName, QString *error)
{
    const QString name = QFileInfo(fileName).fileName();
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read %1: %2").arg(name, file.errorString());
        return false;
    }
    if (file.size() > MaxFileBytes) {
        *error = tr("%1 is %2 MiB; the server takes files of up to %3 MiB (10,000 rows).")
                     .arg(name)
                     .arg(double(file.size()) / (1024 * 1024), 0, 'f', 1)
                     .arg(MaxFileBytes / (1024 * 1024));
        return false;
    }
    const QByteArray csv = file.readAll();
    if (csv.trimmed().isEmpty()) {
        *error = tr("%1 is empty.").arg(name);
        return false;
    }
    setContents(csv, name);
    return true;
}

void OrderImporter::setContents(const QByteArray &csv, const QString &name)
{
    m_csv = csv;
    m_name = name;
}

void OrderImporter::check()
{
    send(true, false);
}

void OrderImporter::import(bool partial)
{
    send(false, partial);
}

void OrderImporter::send(bool dryRun, bool partial)
{
    if (m_busy)
        return;
    if (!m_api) {
        Q_EMIT failed(tr("Not connected to a server."), {});
        return;
    }
    setBusy(true);
    qCInfo(lcSync) << (dryRun ? "checking" : "importing") << m_name << m_csv.size() << "bytes"
                   << (partial ? "(valid rows only)" : "");
    ApiCall *call = m_api->send(OrdersApi::importCsv(m_csv, dryRun, partial));
    connect(call, &ApiCall::finished, this, [this, dryRun](const ApiResult &result) {
        setBusy(false);
        const QJsonObject body = result.json.toObject();
        QString error;
        if (!result.ok()) {
            // A refusal of rows carries the report; a refusal of the file only a message.
            const auto report = body.contains("report"_L1)
                ? OrdersApi::parseImportReport(body.value("report"_L1), &error)
                : std::nullopt;
            const QString message = body.value("message"_L1).toString();
            Q_EMIT failed(message.isEmpty() ? result.error.message : message,
                report.value_or(OrdersApi::ImportReport {}));
            return;
        }
        const auto report = OrdersApi::parseImportReport(result.json, &error);
        if (!report) {
            Q_EMIT failed(tr("The server's answer is not an import report: %1").arg(error), {});
            return;
        }
        if (dryRun)
            Q_EMIT checked(*report);
        else
            Q_EMIT imported(*report);
    });
}

void OrderImporter::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

} // namespace Ops
