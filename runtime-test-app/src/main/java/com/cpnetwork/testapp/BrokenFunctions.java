package com.cpnetwork.testapp;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/** A function class whose static initialiser fails, as one whose composition root cannot be built would. */
public final class BrokenFunctions {
    private static final int SETTING = Integer.parseInt("not a number");

    @FunctionName("Broken")
    public String broken(@HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "broken",
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return "setting " + SETTING;
    }
}
