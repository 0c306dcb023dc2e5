#include "orderimport.h"

#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>

#include "core/logging.h"
#include "server/store/store.h"
#include "validation.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

//! Column positions by canonical name.
using ColumnIndex = QHash<QString, int>;

std::optional<qint64> centsFromAmount(const QString &text)
{
    // "24.82" or "24,82" (a semicolon file from a spreadsheet in a comma-decimal locale).
    static const QRegularExpression pattern(u"^(\\d{1,9})(?:[.,](\\d{1,2}))?$"_s);
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const QString fraction = match.captured(2).leftJustified(2, u'0');
    return match.captured(1).toLongLong() * 100 + fraction.toLongLong();
}

std::optional<double> degrees(const QString &text)
{
    static const QRegularExpression pattern(u"^[+-]?\\d{1,3}(?:[.,]\\d{1,12})?$"_s);
    if (!pattern.match(text).hasMatch())
        return std::nullopt;
    QString dotted = text;
    return dotted.replace(u',', u'.').toDouble();
}

//! Reads one row into \a out; the first problem goes to \a problem.
bool orderFromRow(const CsvRow &row, const ColumnIndex &columns, const QDateTime &now, Order *out,
    ImportProblem *problem)
{
    const auto cell = [&](const QString &name) {
        const int at = columns.value(name, -1);
        return at < 0 ? QString() : row.cells.value(at);
    };
    const auto fail = [&](const QString &field, const QString &reason) {
        *problem = ImportProblem { row.number, row.line, field, reason };
        return false;
    };
    Order o;
    using namespace OrderFields;
    const std::pair<QString, std::optional<QString>> checks[] = {
        { u"externalRef"_s, externalRef(cell(u"externalRef"_s), &o.externalRef) },
        { u"customer"_s, text(cell(u"customer"_s), MaxNameLength, true, false, &o.customer) },
        { u"region"_s, region(cell(u"region"_s), &o.region) },
        { u"pickup"_s, text(cell(u"pickup"_s), MaxAddressLength, true, false, &o.pickup) },
        { u"dropoff"_s, text(cell(u"dropoff"_s), MaxAddressLength, true, false, &o.dropoff) },
        { u"dueAt"_s, time(cell(u"dueAt"_s), &o.dueAt) },
        { u"contactName"_s,
            text(cell(u"contactName"_s), MaxNameLength, false, false, &o.contactName) },
        { u"contactPhone"_s, phone(cell(u"contactPhone"_s), &o.contactPhone) },
        { u"notes"_s, text(cell(u"notes"_s), MaxNotesLength, false, true, &o.notes) },
    };
    for (const auto &[field, why] : checks) {
        if (why)
            return fail(field, *why);
    }
    if (const QString window = cell(u"windowStart"_s).trimmed(); !window.isEmpty()) {
        if (const auto why = time(window, &o.windowStart))
            return fail(u"windowStart"_s, *why);
    }
    if (columns.contains(u"amount"_s)) {
        const auto cents = centsFromAmount(cell(u"amount"_s).trimmed());
        if (!cents)
            return fail(u"amount"_s, u"must be an amount such as 24.82 (or 24,82)"_s);
        o.amountCents = *cents;
    } else {
        bool ok = false;
        o.amountCents = cell(u"amountCents"_s).trimmed().toLongLong(&ok);
        if (!ok)
            return fail(u"amountCents"_s, u"must be a whole number of cents"_s);
    }
    if (const auto why = amountCents(o.amountCents))
        return fail(columns.contains(u"amount"_s) ? u"amount"_s : u"amountCents"_s, *why);
    for (const auto &[latName, lonName, member] :
        { std::tuple { u"pickupLat"_s, u"pickupLon"_s, &Order::pickupAt },
            std::tuple { u"lat"_s, u"lon"_s, &Order::dropoffAt } }) {
        const QString lat = cell(latName).trimmed();
        const QString lon = cell(lonName).trimmed();
        if (lat.isEmpty() && lon.isEmpty())
            continue;
        if (lat.isEmpty() || lon.isEmpty())
            return fail(lat.isEmpty() ? latName : lonName,
                u"is required with '%1'"_s.arg(lat.isEmpty() ? lonName : latName));
        const auto latValue = degrees(lat);
        if (!latValue || coordinate(*latValue, 90))
            return fail(latName, u"must be a number of degrees from -90 to 90"_s);
        const auto lonValue = degrees(lon);
        if (!lonValue || coordinate(*lonValue, 180))
            return fail(lonName, u"must be a number of degrees from -180 to 180"_s);
        o.*member = GeoPoint { *latValue, *lonValue };
    }
    if (const auto p = validateOrder(o, now))
        return fail(p->field, p->reason);
    o.status = OrderStatus::New;
    *out = o;
    return true;
}

//! Maps the header to canonical column names; a BadRequest names what is wrong with it.
Error readHeader(const QStringList &header, ColumnIndex *out)
{
    const auto bad = [](const QString &message) {
        return Error { ErrorKind::BadRequest, message };
    };
    QHash<QString, QString> canonical;
    for (const QString &name : OrderImport::columns())
        canonical.insert(name.toLower(), name);
    ColumnIndex index;
    for (int i = 0; i < header.size(); ++i) {
        const QString given = header.at(i).trimmed();
        const QString name = canonical.value(given.toLower());
        if (name.isEmpty()) {
            return bad(u"unknown column '%1' (column %2); the columns are: %3"_s.arg(given.left(64))
                           .arg(i + 1)
                           .arg(OrderImport::columns().join(u", "_s)));
        }
        if (index.contains(name))
            return bad(u"column '%1' appears twice (columns %2 and %3)"_s.arg(name)
                           .arg(index.value(name) + 1)
                           .arg(i + 1));
        index.insert(name, i);
    }
    QStringList missing;
    for (const QString &name : OrderImport::requiredColumns()) {
        if (!index.contains(name))
            missing.append(name);
    }
    if (!index.contains(u"amount"_s) && !index.contains(u"amountCents"_s))
        missing.append(u"amount"_s);
    if (!missing.isEmpty())
        return bad(u"missing column%1: %2"_s.arg(
            missing.size() > 1 ? u"s"_s : QString(), missing.join(u", "_s)));
    if (index.contains(u"amount"_s) && index.contains(u"amountCents"_s))
        return bad(u"give 'amount' or 'amountCents', not both"_s);
    *out = index;
    return {};
}

} // namespace

const QStringList &OrderImport::columns()
{
    static const QStringList names { u"externalRef"_s, u"customer"_s, u"contactName"_s,
        u"contactPhone"_s, u"pickup"_s, u"pickupLat"_s, u"pickupLon"_s, u"dropoff"_s, u"lat"_s,
        u"lon"_s, u"windowStart"_s, u"dueAt"_s, u"region"_s, u"amount"_s, u"amountCents"_s,
        u"notes"_s };
    return names;
}

const QStringList &OrderImport::requiredColumns()
{
    static const QStringList names { u"externalRef"_s, u"customer"_s, u"pickup"_s, u"dropoff"_s,
        u"dueAt"_s, u"region"_s };
    return names;
}

QJsonObject ImportReport::toJson() const
{
    QJsonArray problemList;
    for (const ImportProblem &p : problems)
        problemList.append(QJsonObject { { "row"_L1, p.row }, { "line"_L1, p.line },
            { "field"_L1, p.field }, { "reason"_L1, p.reason } });
    QJsonArray existingList;
    for (const ImportExisting &e : existing)
        existingList.append(QJsonObject {
            { "row"_L1, e.row }, { "externalRef"_L1, e.externalRef }, { "id"_L1, e.id } });
    QJsonObject json { { "dryRun"_L1, dryRun }, { "partial"_L1, partial },
        { "rowsRead"_L1, rowsRead }, { "rowsValid"_L1, rowsValid }, { "created"_L1, created },
        { "problems"_L1, problemList }, { "problemCount"_L1, problemCount },
        { "existing"_L1, existingList }, { "existingCount"_L1, existingCount } };
    if (!importId.isEmpty()) {
        json.insert("import"_L1, importId);
        json.insert("firstId"_L1, firstId);
        json.insert("lastId"_L1, lastId);
    }
    if (event) {
        json.insert(
            "position"_L1, QJsonObject { { "epoch"_L1, event->epoch }, { "seq"_L1, event->seq } });
    }
    return json;
}

ImportReport OrderImport::run(Store &store, const ImportRequest &request)
{
    ImportReport report;
    report.dryRun = request.dryRun;
    report.partial = request.partial;
    CsvTable table;
    if (report.error = readCsv(request.csv, request.limits, &table, &report.rejection);
        !report.error.ok())
        return report;
    ColumnIndex columns;
    if (report.error = readHeader(table.header, &columns); !report.error.ok()) {
        report.rejection = u"columns"_s;
        return report;
    }
    report.rowsRead = int(table.rows.size());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<Order> drafts;
    QHash<QString, int> rowOfRef;
    const auto problem = [&report](const ImportProblem &p) {
        if (report.problems.size() < MaxListed)
            report.problems.append(p);
        ++report.problemCount;
    };
    for (const CsvRow &row : std::as_const(table.rows)) {
        if (row.cells.size() != table.header.size()) {
            problem({ row.number, row.line, {},
                u"has %1 cells; the header has %2"_s.arg(row.cells.size())
                    .arg(table.header.size()) });
            continue;
        }
        Order draft;
        ImportProblem why;
        if (!orderFromRow(row, columns, now, &draft, &why)) {
            problem(why);
            continue;
        }
        if (!request.visibleRegions.isEmpty() && !request.visibleRegions.contains(draft.region)) {
            problem({ row.number, row.line, u"region"_s,
                u"'%1' is outside your regions"_s.arg(draft.region) });
            continue;
        }
        if (const auto first = rowOfRef.constFind(draft.externalRef);
            first != rowOfRef.constEnd()) {
            problem({ row.number, row.line, u"externalRef"_s,
                u"'%1' repeats row %2"_s.arg(draft.externalRef.left(64)).arg(*first) });
            continue;
        }
        rowOfRef.insert(draft.externalRef, row.number);
        drafts.append(draft);
    }
    report.rowsValid = int(drafts.size());
    if (report.problemCount > 0 && !request.partial && !request.dryRun) {
        report.error = Error { ErrorKind::BadRequest,
            u"%1 of %2 rows are invalid; nothing was imported (fix them, or import the valid "
            "rows with partial)"_s.arg(report.problemCount)
                .arg(report.rowsRead) };
        report.rejection = u"invalid_rows"_s;
        return report;
    }
    if (drafts.isEmpty())
        return report;
    const ImportWrite written =
        store.imports().importOrders(drafts, report.rowsRead, request.actor, request.dryRun);
    if (!written.ok()) {
        report.error = written.error;
        report.rejection = u"storage"_s;
        return report;
    }
    for (const Order &draft : std::as_const(drafts)) {
        if (const auto it = written.existing.constFind(draft.externalRef);
            it != written.existing.constEnd()) {
            if (report.existing.size() < MaxListed)
                report.existing.append(
                    { rowOfRef.value(draft.externalRef), draft.externalRef, *it });
            ++report.existingCount;
        }
    }
    report.created =
        request.dryRun ? report.rowsValid - report.existingCount : int(written.created.size());
    if (written.record) {
        report.importId = written.record->id;
        report.firstId = written.record->firstOrderId;
        report.lastId = written.record->lastOrderId;
        report.event = written.event;
    }
    qCInfo(lcServerDb) << (request.dryRun ? "import dry run by" : "import by") << request.actor
                       << ":" << report.rowsRead << "rows," << report.created << "new,"
                       << report.existingCount << "existing," << report.problemCount << "invalid";
    return report;
}

} // namespace Ops
