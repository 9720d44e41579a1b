package com.cpnetwork.notifications;

import java.util.Map;

/** The SMS texts we send; each is registered with the SMS provider under an id set in {@code MSG91_TEMPLATE_<NAME>}. */
public enum SmsTemplate {
    SIGN_IN_CODE("Your cpnetwork sign-in code is {code}. It expires in 5 minutes. Do not share it."),
    QUOTATION_SHARED("Your quotation {quotationId} from {organization} is ready. View and accept it at {link}"),
    QUOTATION_ACCEPTED("You accepted quotation {quotationId} (version {version}, total Rs {total}) on {date}. Keep this message as your receipt."),
    QUOTATION_REJECTED("The customer declined quotation {quotationId} for lead {leadId}. Open the app for their reason."),
    COMMISSION_APPROVED("Your commission {commissionId} of Rs {amount} for lead {leadId} is approved for payment."),
    COMMISSION_PAID("Your commission {commissionId} of Rs {amount} for lead {leadId} was paid on {paidOn}, bank reference {utr}."),
    KYC_APPROVED("Your {docType} document has been approved. Thank you."),
    KYC_REJECTED("Your {docType} document could not be accepted. Open the app to see why and upload it again.");

    private final String text;

    SmsTemplate(String text) {
        this.text = text;
    }

    String render(Map<String, String> variables) {
        String rendered = text;
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            rendered = rendered.replace("{" + variable.getKey() + "}", variable.getValue());
        }
        return rendered;
    }
}
