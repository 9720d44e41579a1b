package com.cpnetwork.documents;

import com.cpnetwork.audit.AuditTrail;
import com.cpnetwork.leads.Leads;
import com.cpnetwork.notifications.Notifier;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.storage.Storage;
import com.cpnetwork.users.Accounts;
import java.time.Clock;

/** The documents feature wired once for the composition root: its use cases, the upload validator and retention. */
public record Documents(DocumentService service, UploadInspection inspection, DocumentRetention retention) {

    public static Documents wire(Database database, Storage storage, Leads leads, Accounts accounts, AuditTrail audit, Notifier notifier,
                                 DocumentSettings settings, Clock clock) {
        DocumentBlobs blobs = new DocumentBlobs(storage, clock);
        return new Documents(new DocumentService(database, leads, accounts, blobs, audit, notifier, clock),
                new UploadInspection(database, blobs, audit, settings, clock),
                new DocumentRetention(database, blobs, audit, clock));
    }
}
