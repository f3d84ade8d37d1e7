process.env.JSII_DEPRECATED = 'quiet';
