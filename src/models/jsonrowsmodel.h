#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>

#include "rowdiffmodel.h"

namespace Ops {

//! \brief The rows of one cached list query kept as JSON objects: the base of the panel models,
//! which say how a row shows (cell()) and which rows belong (acceptsRow()). The exact model
//! signals come from RowDiffModel.
class JsonRowsModel : public TypedRowDiffModel<QJsonObject>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonRowsModel)

public:
    enum Role {
        IdRole = Qt::UserRole,
        SortRole, //!< raw value for sorting
        RowRole, //!< the whole row as a QJsonObject
        FirstSubclassRole,
    };
    Q_ENUM(Role)

    //! Reads \a client; the subclass's constructor calls setKey() (its cells exist only then).
    //! \a versionedRows: every change of a row bumps its `version` (RowDiffModel).
    explicit JsonRowsModel(
        QueryClient *client, QObject *parent = nullptr, bool versionedRows = false);
    ~JsonRowsModel() override;

    [[nodiscard]] const QJsonObject &rowAt(int row) const { return storedRows().at(row); }
    [[nodiscard]] const QList<QJsonObject> &rows() const { return storedRows(); }

protected:
    //! What \a row shows in \a column for \a role (roles below FirstSubclassRole included).
    [[nodiscard]] virtual QVariant cell(const QJsonObject &row, int column, int role) const = 0;
    //! The roles a changed cell reports in dataChanged().
    [[nodiscard]] QList<int> changedRoles() const override;

private:
    [[nodiscard]] QVariant rowCell(int row, int column, int role) const final;
    [[nodiscard]] std::optional<QJsonObject> decode(
        const QJsonObject &json, QString *error) const final;
};

} // namespace Ops
